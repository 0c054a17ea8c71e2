import type { BatchOptions, DataStepContext } from '@publishing/db/data-migration';
import type pg from 'pg';
import type { Reporter } from '../cli/reporter';
import { createSqlTag } from './sql-tag';

/** Prints a step's log lines as progress, prefixed by its migration. */
export function dataStepLogger(reporter: Reporter, migrationName: string): DataStepContext['log'] {
  return {
    info: (message) => reporter.progress(`    ${migrationName}: ${message}`),
    warn: (message) => reporter.progress(`    ! ${migrationName}: ${message}`),
  };
}

/** `transaction` mode: everything is bound to the migration's open transaction; no batches. */
export function transactionContext(
  client: pg.ClientBase,
  reporter: Reporter,
  migrationName: string,
): DataStepContext {
  return {
    sql: createSqlTag(client),
    log: dataStepLogger(reporter, migrationName),
    batch: (options: BatchOptions) =>
      Promise.reject(
        new Error(
          `ctx.batch(${options.table}) needs mode: 'batched' (a transaction-mode step runs in the migration's one transaction).`,
        ),
      ),
  };
}
