export * from './generated/prisma/client';
export { createPgAdapter, createPrismaClient, type PrismaClientOptions } from './client';
export {
  DatabaseUrlError,
  parseDatabaseUrl,
  redactDatabaseUrl,
  withDatabaseName,
} from './postgres/database-url';
