import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { MigratorError } from '../cli/migrator-error';
import type { Reporter } from '../cli/reporter';

/** Prisma's advisory lock key: the stock CLI and the migrator exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

interface LockHolder {
  pid: number;
  application: string;
  client: string | null;
  since: Date | null;
  state: string | null;
}

/** Takes the migration lock on `client`'s session, waiting at most `waitMs`. */
export async function acquireMigrationLock(
  client: pg.Client,
  waitMs: number,
  reporter: Reporter,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  let reported = false;
  for (;;) {
    const result = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [MIGRATION_LOCK_KEY],
    );
    if (result.rows[0]?.locked) return;
    const holder = await findLockHolder(client);
    if (Date.now() >= deadline) {
      throw new MigratorError(
        `Another migration holds the migration lock${holder ? ` (${describeHolder(holder)})` : ''}.`,
        'Wait for it to finish and retry, or raise --lock-wait. If that session is stuck, end it with SELECT pg_terminate_backend(<pid>).',
        undefined,
        { lockHolder: holder },
      );
    }
    if (!reported) {
      reporter.progress(
        `Waiting for the migration lock${holder ? `, held by ${describeHolder(holder)}` : ''}…`,
      );
      reported = true;
    }
    await sleep(Math.min(500, Math.max(deadline - Date.now(), 0)));
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
       JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [MIGRATION_LOCK_KEY],
  );
  return result.rows[0] ?? null;
}

function describeHolder(holder: LockHolder): string {
  const since = holder.since ? `, connected since ${holder.since.toISOString()}` : '';
  return `pid ${holder.pid}, ${holder.application}${holder.client ? ` from ${holder.client}` : ''}${since}`;
}
