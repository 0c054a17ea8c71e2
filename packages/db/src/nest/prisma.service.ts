import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { createPgAdapter, createPgPool, trackConnectionPool } from '../client';
import { PrismaClient } from '../generated/prisma/client';
import { describeDatabaseFault } from '../postgres/database-fault';
import { redactDatabaseUrl } from '../postgres/database-url';
import { PRISMA_MODULE_OPTIONS, type PrismaModuleOptions } from './prisma.module-definition';

/** The database cannot be used at start; the message says why and what to do, in one line. */
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
  private readonly databaseUrl: string;

  constructor(@Inject(PRISMA_MODULE_OPTIONS) options: PrismaModuleOptions) {
    const pool = createPgPool(options.databaseUrl, options);
    super({ adapter: createPgAdapter(pool) });
    trackConnectionPool(this, pool);
    this.databaseUrl = options.databaseUrl;
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.$queryRaw`SELECT 1`;
    } catch (error) {
      throw new DatabaseUnavailableError(describeDatabaseFault(error, this.databaseUrl).message);
    }
    this.logger.log(`Connected to ${redactDatabaseUrl(this.databaseUrl)}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
