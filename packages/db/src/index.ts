export * from './generated/prisma/client';
export {
  connectionPoolStats,
  createPrismaClient,
  type ConnectionPoolStats,
  type PrismaClientOptions,
} from './client';
export {
  DatabaseUrlError,
  databaseUrlProblem,
  parseDatabaseUrl,
  redactDatabaseUrl,
  withDatabaseName,
} from './postgres/database-url';
