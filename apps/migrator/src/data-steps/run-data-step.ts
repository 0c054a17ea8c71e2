import type { DataStepContext } from '@publishing/db/data-migration';
import {
  DATA_STEP_TABLE,
  failDataStep,
  finishDataStep,
  startDataStep,
  type BatchProgress,
} from '@publishing/db/history';
import type pg from 'pg';
import { MigratorError } from '../cli/migrator-error';
import type { Reporter } from '../cli/reporter';
import { walkBatches, type WalkSettings } from './batch-walk';
import { describeProgress } from './describe-progress';
import { dataStepLogger, transactionContext } from './data-step-context';
import { DataStepError } from './data-step-error';
import type { LoadedDataStep } from './load-data-step';
import { createSqlTag } from './sql-tag';

function ledgerEntry({ migration, definition }: LoadedDataStep) {
  return {
    migrationName: migration.name,
    checksum: migration.dataStep!.checksum,
    mode: definition.mode,
    blocking: definition.blocking,
  };
}

/**
 * `transaction` mode, inside the caller's open transaction (after the folder's SQL): `up`, then
 * its ledger record, so the SQL, the data and both records commit or roll back together.
 */
export async function runInTransaction(
  client: pg.ClientBase,
  step: LoadedDataStep,
  reporter: Reporter,
): Promise<void> {
  try {
    await step.definition.up(transactionContext(client, reporter, step.migration.name));
  } catch (error) {
    throw new DataStepError(step.migration.name, error);
  }
  await startDataStep(client, ledgerEntry(step), true);
  await finishDataStep(client, step.migration.name);
}

/** A transaction-mode step whose SQL is already applied (by the stock CLI): its own transaction. */
export async function runOwedTransactionStep(
  client: pg.ClientBase,
  step: LoadedDataStep,
  settings: WalkSettings,
  reporter: Reporter,
): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(
      `SET LOCAL lock_timeout = ${Math.round(settings.lockTimeoutMs)}; SET LOCAL statement_timeout = ${Math.round(settings.statementTimeoutMs)}`,
    );
    await runInTransaction(client, step, reporter);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const message = (error as Error).message;
    await startDataStep(client, ledgerEntry(step), true);
    await failDataStep(client, step.migration.name, message);
    throw new MigratorError(
      `Data step ${step.migration.name} failed: ${message}`,
      'Nothing of it was applied (it ran in one transaction that was rolled back); it is recorded as failed. Fix data.ts, then deploy again: it runs again.',
      undefined,
      { migration: step.migration.name, dataStep: true },
    );
  }
}

/**
 * `batched` mode, after the folder's SQL has committed: `up` runs with `ctx.batch` walks that
 * store their progress; walks done earlier are skipped and a stopped one resumes.
 */
export async function runBatchedStep(
  client: pg.ClientBase,
  step: LoadedDataStep,
  settings: WalkSettings,
  reporter: Reporter,
  /** Its SQL was just applied, or it never started: any stored progress is not its own. */
  fresh: boolean,
): Promise<void> {
  const name = step.migration.name;
  await startDataStep(client, ledgerEntry(step), fresh);
  const stored = await client.query<{ progress: BatchProgress[] }>(
    `SELECT progress FROM ${DATA_STEP_TABLE} WHERE migration_name = $1`,
    [name],
  );
  const progress = stored.rows[0]?.progress ?? [];
  let walks = 0;
  await client.query(
    `SET lock_timeout = ${Math.round(settings.lockTimeoutMs)}; SET statement_timeout = ${Math.round(settings.statementTimeoutMs)}`,
  );
  const context: DataStepContext = {
    sql: createSqlTag(client),
    log: dataStepLogger(reporter, name),
    batch: (options) => {
      const index = walks++;
      return walkBatches(
        client,
        options,
        { migrationName: name, index, resumeFrom: progress[index] },
        settings,
        reporter,
      );
    },
  };
  try {
    await step.definition.up(context);
    await finishDataStep(client, name);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    await failDataStep(client, name, message).catch(() => undefined);
    const after = await client
      .query<{ progress: BatchProgress[] }>(
        `SELECT progress FROM ${DATA_STEP_TABLE} WHERE migration_name = $1`,
        [name],
      )
      .then((result) => result.rows[0]?.progress ?? [])
      .catch(() => []);
    const kept = after.filter((walk) => walk.rowsDone > 0).map(describeProgress);
    throw new MigratorError(
      `Data step ${name} (batched) stopped: ${message}`,
      `Committed batches stay done${kept.length > 0 ? ` (${kept.join('; ')})` : ''}; the failing batch was rolled back. Fix data.ts (or what it waited for), then deploy again: it resumes after the last committed batch.`,
      undefined,
      { migration: name, dataStep: true, progress: after },
    );
  } finally {
    await client.query('RESET lock_timeout; RESET statement_timeout').catch(() => undefined);
  }
}
