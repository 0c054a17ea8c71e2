import { setTimeout as sleep } from 'node:timers/promises';
import { parseDatabaseUrl } from '@publishing/db/postgres';
import pg from 'pg';
import type { Reporter } from '../cli/reporter';
import { describeDatabaseError, isRetryableConnectionError } from './database-errors';

/**
 * One dedicated connection for the whole run: the migration lock is a session lock, so it must
 * never share or lose its connection. Waits for a database that is still starting (compose, k8s).
 */
export async function connect(
  url: string,
  waitMs: number,
  reporter: Reporter,
  applicationName = 'publishing-migrator',
): Promise<pg.Client> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({
      ...parseDatabaseUrl(url),
      application_name: applicationName,
      connectionTimeoutMillis: 10_000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (!isRetryableConnectionError(error) || Date.now() >= deadline)
        throw describeDatabaseError(error, url);
      const delay = Math.min(500 * 2 ** (attempt - 1), 5_000, Math.max(deadline - Date.now(), 0));
      reporter.progress(
        `Waiting for the database (${describeDatabaseError(error, url).message}); retrying in ${delay} ms`,
      );
      await sleep(delay);
    }
  }
}
