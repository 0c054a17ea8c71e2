import { redactDatabaseUrl } from '@publishing/db/postgres';
import type pg from 'pg';
import type { CommandContext } from '../commands/command';
import { requireDatabaseUrl } from '../config/migrator-config';
import { connect } from './connect';
import { acquireMigrationLock, releaseMigrationLock } from './migration-lock';

export interface Session {
  client: pg.Client;
  /** The database URL with its password hidden. */
  target: string;
}

/**
 * Runs `work` on one dedicated connection to DATABASE_URL, optionally holding the migration
 * lock for the whole run, and always closes the connection.
 */
export async function withSession<T>(
  context: CommandContext,
  options: { lock: boolean },
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const url = requireDatabaseUrl(context.config);
  const target = redactDatabaseUrl(url);
  const client = await connect(url, context.config.connectWaitMs, context.reporter);
  try {
    if (options.lock)
      await acquireMigrationLock(client, context.config.lockWaitMs, context.reporter);
    try {
      return await work({ client, target });
    } finally {
      if (options.lock) await releaseMigrationLock(client).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
