export { MigrationsFolderError } from '../engine/migration-files';
export {
  readLocalHistory,
  checksumOf,
  IRREVERSIBLE_DIRECTIVE,
  type LocalMigration,
} from './local-history';
export {
  DATA_STEP_FILE,
  declaredBlocking,
  declaredMode,
  type DataStepFile,
} from './data-step-file';
export {
  DATA_STEP_SCHEMA,
  DATA_STEP_TABLE,
  dataStepLedgerExists,
  ensureDataStepLedger,
  failDataStep,
  finishDataStep,
  markDataStepRolledBack,
  readDataStepLedger,
  saveBatchProgress,
  startDataStep,
  type BatchProgress,
  type DataStepRow,
} from './data-step-ledger';
export { compareDataSteps, type DataStepState, type OwedDataStep } from './data-step-state';
export {
  LEDGER_TABLE,
  ensureAndReadLedger,
  ensureLedger,
  insertLedgerRow,
  insertLedgerRowSql,
  ledgerExists,
  markRolledBack,
  readLedger,
  updateLedgerRow,
  updateLedgerRowSql,
  type LedgerRow,
  type LedgerRowChange,
  type NewLedgerRow,
  type Queryable,
} from './ledger';
export {
  compareHistory,
  type AppliedMigration,
  type FailedMigration,
  type HistoryState,
} from './history-state';
