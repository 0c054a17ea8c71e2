import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { parseDatabaseUrl } from './postgres/database-url';

export interface PrismaClientOptions {
  /** Most connections the pool opens (pg's default is 10). */
  maxConnections?: number;
  /** Sets `application_name`, visible in `pg_stat_activity`. */
  applicationName?: string;
}

/** The `pg` driver adapter Prisma Client runs on (no query-engine binary). */
export function createPgAdapter(url: string, options: PrismaClientOptions = {}): PrismaPg {
  return new PrismaPg({
    ...parseDatabaseUrl(url),
    max: options.maxConnections,
    application_name: options.applicationName,
  });
}

/** A Prisma client for `url`. It connects lazily, on the first query or `$connect()`. */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  return new PrismaClient({ adapter: createPgAdapter(url, options) });
}
