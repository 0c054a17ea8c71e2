export {
  defineDataMigration,
  isDataMigration,
  type Batch,
  type BatchOptions,
  type DataMigration,
  type DataStepContext,
  type DataStepLogger,
  type DataStepMode,
  type SqlTag,
  type SqlValue,
} from './define-data-migration';
