export * from './generated/prisma/client';
export { createPgAdapter, createPrismaClient, type PrismaClientOptions } from './client';
export {
  DatabaseUrlError,
  databaseUrlProblem,
  parseDatabaseUrl,
  redactDatabaseUrl,
  withDatabaseName,
} from './postgres/database-url';
