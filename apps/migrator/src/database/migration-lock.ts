import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { MigratorError } from '../cli/migrator-error';
import { formatDuration, type Reporter } from '../cli/reporter';
import type { LockWaitBudget } from '../deploy/lock-wait-budget';
import { SET_DEAD_CLIENT_CHECK } from './dead-client-check';

/** Prisma's advisory lock key: the stock CLI and the migrator exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

interface LockHolder {
  /** Null for a prepared transaction, which holds locks without a session. */
  pid: number | null;
  application: string;
  client: string | null;
  since: Date | null;
  state: string | null;
}

/** A holder that released the lock between our try and our look gets this long to be gone. */
const RELEASED_RETRY_MS = 50;

/**
 * Takes the migration lock on `client`'s session, waiting at most what is left of `lockWait`.
 * Every wait line and the final error name the session holding it. From then on, PostgreSQL also
 * watches the session's socket (`SET_DEAD_CLIENT_CHECK`).
 */
export async function acquireMigrationLock(
  client: pg.Client,
  lockWait: LockWaitBudget,
  reporter: Reporter,
): Promise<void> {
  const started = Date.now();
  const deadline = started + lockWait.remainingMs;
  let reportedHolder: string | undefined;
  try {
    for (;;) {
      const result = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock($1) AS locked, ${SET_DEAD_CLIENT_CHECK}`,
        [MIGRATION_LOCK_KEY],
      );
      if (result.rows[0]?.locked) return;
      const holder = await findLockHolder(client);
      if (!holder) {
        // Released between the two statements: try again at once rather than report no one.
        await sleep(RELEASED_RETRY_MS);
        continue;
      }
      const described = describeHolder(holder);
      if (Date.now() >= deadline) {
        throw new MigratorError(
          `Another migration holds the migration lock (${described}); waited ${formatDuration(Date.now() - started)} (--lock-wait).`,
          `Wait for it to finish and retry, or raise --lock-wait. If that session is stuck, end it with SELECT pg_terminate_backend(${holder.pid ?? '<pid>'}).`,
          undefined,
          { lockHolder: holder },
        );
      }
      if (described !== reportedHolder) {
        reporter.progress(`Waiting for the migration lock, held by ${described}…`);
        reportedHolder = described;
      }
      await sleep(Math.min(500, Math.max(deadline - Date.now(), 0)));
    }
  } finally {
    lockWait.spend(Date.now() - started);
  }
}

export async function releaseMigrationLock(client: pg.Client): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
}

async function findLockHolder(client: pg.Client): Promise<LockHolder | null> {
  const result = await client.query<LockHolder>(
    `SELECT a.pid, coalesce(nullif(a.application_name, ''), 'unknown application') AS application,
            host(a.client_addr) AS client, a.backend_start AS since, a.state
       FROM pg_locks l
       LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [MIGRATION_LOCK_KEY],
  );
  return result.rows[0] ?? null;
}

function describeHolder(holder: LockHolder): string {
  if (holder.pid === null) return 'a prepared transaction (see pg_prepared_xacts)';
  const since = holder.since ? `, connected since ${holder.since.toISOString()}` : '';
  return `pid ${holder.pid}, ${holder.application}${holder.client ? ` from ${holder.client}` : ''}${since}`;
}
