import { redactDatabaseUrl } from '@publishing/db/postgres';
import type pg from 'pg';
import type { CommandContext } from '../commands/command';
import { requireDatabaseUrl } from '../config/migrator-config';
import { LockWaitBudget } from '../deploy/lock-wait-budget';
import { connect } from './connect';
import { acquireMigrationLock, releaseMigrationLock } from './migration-lock';

export interface Session {
  client: pg.Client;
  /** The database URL with its password hidden. */
  target: string;
  /** Takes the migration lock (once) for the rest of the session, within `--lock-wait`. */
  lock: () => Promise<void>;
  /** What is left of `--lock-wait` after waiting for the migration lock. */
  lockWait: LockWaitBudget;
  /**
   * A second connection, opened on first use, to look at the database while `client` waits
   * (who blocks it). Closed with the session.
   */
  observer: () => Promise<pg.Client>;
}

/**
 * Runs `work` on one dedicated connection to DATABASE_URL, holding the migration lock from the
 * start (`lock: true`) or from when `work` takes it, and always closes the connection.
 */
export async function withSession<T>(
  context: CommandContext,
  options: { lock: boolean },
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const url = requireDatabaseUrl(context.config);
  const target = redactDatabaseUrl(url);
  const lockWait = new LockWaitBudget(context.config.lockWaitMs);
  const client = await connect(url, context.config.connectWaitMs, context.reporter);
  let observer: Promise<pg.Client> | undefined;
  let locking: Promise<void> | undefined;
  let locked = false;
  const lock = () =>
    (locking ??= acquireMigrationLock(client, lockWait, context.reporter).then(() => {
      locked = true;
    }));
  try {
    if (options.lock) await lock();
    try {
      return await work({
        client,
        target,
        lock,
        lockWait,
        observer: () =>
          (observer ??= connect(url, 0, context.reporter, 'publishing-migrator-observer')),
      });
    } finally {
      if (locked) await releaseMigrationLock(client).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
    if (observer) await (await observer.catch(() => undefined))?.end().catch(() => undefined);
  }
}
