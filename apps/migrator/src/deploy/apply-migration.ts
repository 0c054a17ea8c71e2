import { setTimeout as sleep } from 'node:timers/promises';
import {
  insertLedgerRow,
  insertLedgerRowSql,
  updateLedgerRow,
  updateLedgerRowSql,
  type LocalMigration,
} from '@publishing/db/history';
import type pg from 'pg';
import { MigratorError } from '../cli/migrator-error';
import { formatDuration, type Reporter } from '../cli/reporter';
import { describeBlockingSession, type BlockingSession } from '../database/blocking-sessions';
import { splitStatements } from '../sql/parse-migration-sql';
import type { BlockerWatch } from './blocker-watch';
import type { LockWaitBudget } from './lock-wait-budget';
import { migrationFailure, positionInFile } from './migration-failure';

export interface ApplySettings {
  lockTimeoutMs: number;
  /** At most this many retries of a lock-timed-out attempt; unset: as many as `--lock-wait` allows. */
  lockRetries: number | undefined;
  statementTimeoutMs: number;
}

/** How a run waits for busy tables: within `--lock-wait` in total, naming who blocks it. */
export interface LockWaiting {
  budget: LockWaitBudget;
  watch: BlockerWatch;
}

/** Backoff between attempts: 1 s, 2 s, 4 s, then 5 s (±50 % jitter), while `--lock-wait` lasts. */
const MAX_BACKOFF_MS = 5000;

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Applies one migration file and its ledger row in a single transaction: either both are
 * committed or neither. A lock wait longer than `lock_timeout` aborts the attempt instead of
 * queueing production traffic behind it, and is retried with backoff.
 *
 * The transaction is one simple-query message (BEGIN, its timeouts, the file, the ledger row,
 * COMMIT): one round trip per migration. Preflight has parsed the file, so it ends where its
 * statements end and controls no transaction itself.
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
  waiting: LockWaiting,
  reporter: Reporter,
  /** Runs after the SQL, in the same transaction (a `transaction`-mode data step). */
  afterSql?: () => Promise<void>,
): Promise<void> {
  const startedAt = new Date();
  const begin = `BEGIN; ${timeouts(settings, 'LOCAL')};\n`;
  try {
    await withLockRetries(settings, waiting, reporter, migration.name, async () => {
      const { sql: record } = insertLedgerRowSql({
        migrationName: migration.name,
        checksum: migration.checksum,
        startedAt,
        finished: true,
        appliedStepsCount: 1,
      });
      const commit = `${record};\nCOMMIT`;
      try {
        const migrate = `${begin}${migration.sql}\n;\n`;
        try {
          await client.query(afterSql ? migrate : migrate + commit);
        } catch (error) {
          throw positionInFile(error, begin.length);
        }
        if (afterSql) {
          await afterSql();
          await client.query(commit);
        }
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof LockWaitExhausted)
      throw lockTimeoutFailure(migration, error, settings, waiting);
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
 *
 * The row and its progress commit asynchronously (no WAL flush of their own): the next
 * statement's commit, and the synchronous commit of the finished row, flush them with it. A crash
 * of the server can then lose at most the progress written after the last statement, which a
 * migrator killed between a statement and its progress update would not have written either.
 */
export async function applyStatementByStatement(
  client: pg.Client,
  migration: LocalMigration,
  settings: ApplySettings,
  waiting: LockWaiting,
  reporter: Reporter,
): Promise<void> {
  const statements = await splitStatements(migration.sql);
  reporter.progress(
    `  ! ${migration.name} is non-transactional: ${statements.length} statements run one by one; a failure leaves the earlier ones applied.`,
  );
  const insert = insertLedgerRowSql({
    migrationName: migration.name,
    checksum: migration.checksum,
    startedAt: new Date(),
    finished: false,
    appliedStepsCount: 0,
  });
  await client.query(`${timeouts(settings, 'SESSION')}; ${ASYNC_COMMIT}; ${insert.sql}`);
  let timeoutsReset = false;
  try {
    for (const [index, statement] of statements.entries()) {
      try {
        await withLockRetries(
          settings,
          waiting,
          reporter,
          `${migration.name} statement ${index + 1}`,
          () => client.query(statement),
        );
      } catch (error) {
        const failure = migrationFailure(migration, lockWaitCause(error, settings, waiting), {
          atomic: false,
          sql: statement,
          statementIndex: index,
        });
        await updateLedgerRow(client, insert.id, {
          finished: false,
          appliedStepsCount: index,
          logs: failure.message,
        });
        throw failure;
      }
      if (index < statements.length - 1)
        await client.query(
          `${ASYNC_COMMIT}; ${updateLedgerRowSql(insert.id, { finished: false, appliedStepsCount: index + 1 })}`,
        );
    }
    await client.query(
      `${updateLedgerRowSql(insert.id, { finished: true, appliedStepsCount: statements.length })}; ${RESET_TIMEOUTS}`,
    );
    timeoutsReset = true;
  } finally {
    if (!timeoutsReset) await client.query(RESET_TIMEOUTS).catch(() => undefined);
  }
}

const ASYNC_COMMIT = 'SET LOCAL synchronous_commit = off';
const RESET_TIMEOUTS = 'RESET lock_timeout; RESET statement_timeout';

function timeouts(settings: ApplySettings, scope: 'LOCAL' | 'SESSION'): string {
  return `SET ${scope} lock_timeout = ${Math.round(settings.lockTimeoutMs)}; SET ${scope} statement_timeout = ${Math.round(settings.statementTimeoutMs)}`;
}

class LockWaitExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly blockers: BlockingSession[],
  ) {
    super('lock wait exhausted');
  }
}

async function withLockRetries<T>(
  settings: ApplySettings,
  waiting: LockWaiting,
  reporter: Reporter,
  label: string,
  attempt: () => Promise<T>,
): Promise<T> {
  const { budget, watch } = waiting;
  for (let retry = 0; ; retry++) {
    const started = Date.now();
    try {
      return await watch.run(attempt);
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      budget.spend(Date.now() - started);
      const backoff = Math.min(1000 * 2 ** retry, MAX_BACKOFF_MS) * (0.5 + Math.random());
      const delay = Math.round(Math.min(backoff, budget.remainingMs - settings.lockTimeoutMs));
      const capped = settings.lockRetries !== undefined && retry >= settings.lockRetries;
      if (capped || delay < 0) throw new LockWaitExhausted(retry + 1, watch.blockers);
      const of = settings.lockRetries === undefined ? '' : `/${settings.lockRetries}`;
      reporter.progress(
        `  … ${label}: a lock was not granted within ${settings.lockTimeoutMs} ms (busy table)${blockedBy(watch.blockers, '      ')}\n` +
          `    retry ${retry + 1}${of} in ${formatDuration(delay)} (${formatDuration(budget.usedMs)} of the ${formatDuration(budget.totalMs)} --lock-wait used)`,
      );
      await sleep(delay);
      budget.spend(delay);
    }
  }
}

function blockedBy(blockers: BlockingSession[], indent: string): string {
  if (blockers.length === 0) return '';
  return `, blocked by:${blockers.map((session) => `\n${indent}${describeBlockingSession(session)}`).join('')}`;
}

/** Why the locks were not granted, and who held them, in one sentence. */
function lockWaitSummary(
  exhausted: LockWaitExhausted,
  settings: ApplySettings,
  { budget }: LockWaiting,
): string {
  const attempts = `${exhausted.attempts} attempt${exhausted.attempts === 1 ? '' : 's'}`;
  return `a lock was not granted within lock_timeout ${formatDuration(settings.lockTimeoutMs)}, ${attempts} in ${formatDuration(budget.usedMs)} (--lock-wait ${formatDuration(budget.totalMs)})${blockedBy(exhausted.blockers, '  ')}`;
}

function lockTimeoutFailure(
  migration: LocalMigration,
  exhausted: LockWaitExhausted,
  settings: ApplySettings,
  waiting: LockWaiting,
): MigratorError {
  const root = exhausted.blockers.at(-1);
  const next = root
    ? `End the blocking transaction or wait for it (SELECT pg_terminate_backend(${root.pid}) ends the one at the root), then deploy again`
    : 'Find the blocking sessions with pg_blocking_pids() in pg_stat_activity, or deploy at a quieter time';
  return new MigratorError(
    `Migration ${migration.name} could not get its locks: ${lockWaitSummary(exhausted, settings, waiting)}`,
    `Nothing of it was applied. ${next}; a longer --lock-wait waits longer.`,
    undefined,
    { migration: migration.name, attempts: exhausted.attempts, blockers: exhausted.blockers },
  );
}

/** For a statement-by-statement migration, a lock wait ends it like any failing statement. */
function lockWaitCause(error: unknown, settings: ApplySettings, waiting: LockWaiting): unknown {
  if (!(error instanceof LockWaitExhausted)) return error;
  return { code: LOCK_NOT_AVAILABLE, message: lockWaitSummary(error, settings, waiting) };
}

function isLockTimeout(error: unknown): boolean {
  return (error as { code?: string }).code === LOCK_NOT_AVAILABLE;
}
