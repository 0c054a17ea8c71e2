export * from './generated/prisma/client';
export {
  connectionPoolStats,
  createPrismaClient,
  type ConnectionPoolStats,
  type PrismaClientOptions,
} from './client';
export {
  describeDatabaseFault,
  isDatabaseUnavailable,
  type DatabaseFault,
  type DatabaseFaultKind,
} from './postgres/database-fault';
export {
  DatabaseUrlError,
  databaseUrlProblem,
  parseDatabaseUrl,
  redactDatabaseUrl,
  withDatabaseName,
} from './postgres/database-url';
