import { setTimeout as sleep } from 'node:timers/promises';
import { insertLedgerRow, updateLedgerRow, type LocalMigration } from '@publishing/db/history';
import type pg from 'pg';
import { MigratorError } from '../cli/migrator-error';
import type { Reporter } from '../cli/reporter';
import { splitStatements } from '../sql/parse-migration-sql';
import { migrationFailure } from './migration-failure';

export interface ApplySettings {
  lockTimeoutMs: number;
  lockRetries: number;
  statementTimeoutMs: number;
}

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Applies one migration file and its ledger row in a single transaction: either both are
 * committed or neither. A lock wait longer than `lock_timeout` aborts the attempt instead of
 * queueing production traffic behind it, and is retried with backoff.
 *
 * When the migration itself fails, its transaction is rolled back (the schema is as before) and
 * the failure is recorded as Prisma records one, so `status` shows it with its error and `deploy`
 * refuses to go on until someone fixes the file and resolves it. Running out of lock retries is
 * not recorded: nothing of the migration ran, the tables were only busy.
 */
export async function applyInTransaction(
  client: pg.Client,
  migration: LocalMigration,
  settings: ApplySettings,
  reporter: Reporter,
): Promise<void> {
  const startedAt = new Date();
  try {
    await withLockRetries(settings, reporter, migration.name, async () => {
      await client.query('BEGIN');
      try {
        await setTimeouts(client, settings, 'LOCAL');
        await client.query(migration.sql);
        await insertLedgerRow(client, {
          migrationName: migration.name,
          checksum: migration.checksum,
          startedAt,
          finished: true,
          appliedStepsCount: 1,
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  } catch (error) {
    if (isLockTimeout(error)) throw lockTimeoutFailure(migration, settings);
    const failure = migrationFailure(migration, error, { atomic: true });
    await insertLedgerRow(client, {
      migrationName: migration.name,
      checksum: migration.checksum,
      startedAt,
      finished: false,
      appliedStepsCount: 0,
      logs: failure.message,
    });
    throw failure;
  }
}

/**
 * Applies a migration marked `-- migrate:no-transaction` (e.g. CREATE INDEX CONCURRENTLY)
 * statement by statement. Its ledger row is written first and records progress, so a failure
 * halfway leaves a failed migration that deploy refuses to pass until it is resolved.
 */
export async function applyStatementByStatement(
  client: pg.Client,
  migration: LocalMigration,
  settings: ApplySettings,
  reporter: Reporter,
): Promise<void> {
  const statements = await splitStatements(migration.sql);
  reporter.progress(
    `  ! ${migration.name} is non-transactional: ${statements.length} statements run one by one; a failure leaves the earlier ones applied.`,
  );
  await setTimeouts(client, settings, 'SESSION');
  const rowId = await insertLedgerRow(client, {
    migrationName: migration.name,
    checksum: migration.checksum,
    startedAt: new Date(),
    finished: false,
    appliedStepsCount: 0,
  });
  try {
    for (const [index, statement] of statements.entries()) {
      try {
        await withLockRetries(settings, reporter, `${migration.name} statement ${index + 1}`, () =>
          client.query(statement),
        );
      } catch (error) {
        const failure = migrationFailure(migration, error, {
          atomic: false,
          sql: statement,
          statementIndex: index,
        });
        await updateLedgerRow(client, rowId, {
          finished: false,
          appliedStepsCount: index,
          logs: failure.message,
        });
        throw failure;
      }
      await updateLedgerRow(client, rowId, { finished: false, appliedStepsCount: index + 1 });
    }
    await updateLedgerRow(client, rowId, { finished: true, appliedStepsCount: statements.length });
  } finally {
    await client.query('RESET lock_timeout; RESET statement_timeout').catch(() => undefined);
  }
}

async function setTimeouts(
  client: pg.Client,
  settings: ApplySettings,
  scope: 'LOCAL' | 'SESSION',
): Promise<void> {
  await client.query(
    `SET ${scope} lock_timeout = ${Math.round(settings.lockTimeoutMs)}; SET ${scope} statement_timeout = ${Math.round(settings.statementTimeoutMs)}`,
  );
}

async function withLockRetries<T>(
  settings: ApplySettings,
  reporter: Reporter,
  label: string,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isLockTimeout(error) || retry >= settings.lockRetries) throw error;
      const delay = Math.round(1000 * 2 ** retry * (0.5 + Math.random()));
      reporter.progress(
        `  … ${label}: a lock was not granted within ${settings.lockTimeoutMs} ms (busy table); retry ${retry + 1}/${settings.lockRetries} in ${delay} ms`,
      );
      await sleep(delay);
    }
  }
}

function lockTimeoutFailure(migration: LocalMigration, settings: ApplySettings): MigratorError {
  return new MigratorError(
    `Migration ${migration.name} could not get its locks within ${settings.lockTimeoutMs} ms, ${settings.lockRetries + 1} times: long transactions keep the tables busy.`,
    'Nothing of it was applied. Find the blocking sessions in pg_stat_activity, or deploy at a quieter time or with a larger --lock-timeout.',
  );
}

function isLockTimeout(error: unknown): boolean {
  return (error as { code?: string }).code === LOCK_NOT_AVAILABLE;
}
