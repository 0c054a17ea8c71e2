export { loadSchemaEngineModule, type WasmSchemaEngine } from './load-schema-engine';
export {
  createMigrationAdapterFactory,
  type MigrationAdapterOptions,
} from './migration-adapter-factory';
export {
  readMigrationsList,
  MigrationsFolderError,
  MIGRATION_FILE,
  DOWN_FILE,
  LOCK_FILE,
} from './migrations-list';
export { runSqlScript } from './run-sql-script';
export {
  openSchemaEngine,
  NO_SCHEMA_FILTER,
  type OpenSchemaEngineOptions,
  type SchemaEngineHandle,
  type EngineLogLine,
} from './schema-engine';
export {
  applyMigrations,
  truncateMigrationsList,
  type ApplyMigrationsOptions,
} from './apply-migrations';
export {
  diffHistoryAgainstSchema,
  type DiffHistoryOptions,
  type HistoryDiff,
} from './diff-history';
export { detectDrift, type DriftReport } from './detect-drift';
