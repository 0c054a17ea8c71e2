import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDatabaseName } from './database-url';
import { createDatabase, databaseExists } from './databases';
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from './embedded';

/** The database local commands use on the embedded development PostgreSQL. */
export const DEV_DATABASE_NAME = 'publishing';

/**
 * The URL of the embedded server already running on `dataDir` (started by another local
 * command), or undefined. postmaster.pid holds the server's pid (line 1) and port (line 4).
 */
export function runningEmbeddedServerUrl(dataDir: string): string | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${Number(port)}/postgres`;
}

/** Creates the development database on the server of `serverUrl` if missing; returns its URL. */
export async function ensureDevDatabase(serverUrl: string): Promise<string> {
  if (!(await databaseExists(serverUrl, DEV_DATABASE_NAME))) {
    await createDatabase(serverUrl, DEV_DATABASE_NAME);
  }
  return withDatabaseName(serverUrl, DEV_DATABASE_NAME);
}
