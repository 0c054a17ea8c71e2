import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { createPgAdapter, createPgPool, trackConnectionPool } from '../client';
import { PrismaClient } from '../generated/prisma/client';
import { redactDatabaseUrl } from '../postgres/database-url';
import { PRISMA_MODULE_OPTIONS, type PrismaModuleOptions } from './prisma.module-definition';

export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/**
 * Prisma Client as a Nest provider. It connects when the module starts, so a wrong URL or a
 * database that is down fails the boot with a clear message instead of the first request, and
 * disconnects on shutdown.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);
  private readonly safeUrl: string;

  constructor(@Inject(PRISMA_MODULE_OPTIONS) options: PrismaModuleOptions) {
    const pool = createPgPool(options.databaseUrl, options);
    super({ adapter: createPgAdapter(pool) });
    trackConnectionPool(this, pool);
    this.safeUrl = redactDatabaseUrl(options.databaseUrl);
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.$queryRaw`SELECT 1`;
    } catch (error) {
      const reason = error instanceof Error ? error.message.trim().split('\n')[0] : String(error);
      throw new DatabaseUnavailableError(
        `Cannot reach the database at ${this.safeUrl}: ${reason}. Check DATABASE_URL and that PostgreSQL is running.`,
      );
    }
    this.logger.log(`Connected to ${this.safeUrl}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
