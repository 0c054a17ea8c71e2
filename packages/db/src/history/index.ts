export { MigrationsFolderError } from '../engine/migrations-list';
export {
  readLocalHistory,
  checksumOf,
  IRREVERSIBLE_DIRECTIVE,
  type LocalMigration,
} from './local-history';
export {
  LEDGER_TABLE,
  ensureLedger,
  insertLedgerRow,
  ledgerExists,
  markRolledBack,
  readLedger,
  updateLedgerRow,
  type LedgerRow,
  type NewLedgerRow,
  type Queryable,
} from './ledger';
export {
  compareHistory,
  type AppliedMigration,
  type FailedMigration,
  type HistoryState,
} from './history-state';
