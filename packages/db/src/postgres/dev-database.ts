import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDatabaseName } from './database-url';
import { createDatabase, databaseExists } from './databases';
import { startEmbeddedPostgres } from './embedded';

export const DEV_DATABASE_NAME = 'publishing';

export interface DevDatabase {
  url: string;
  /** Where it came from, for the start-up banner. */
  source: 'DATABASE_URL' | 'embedded (started)' | 'embedded (already running)';
  /** Stops the embedded server if this process started it. */
  stop: () => Promise<void>;
}

/**
 * The database for local commands: `DATABASE_URL` when set, otherwise an embedded PostgreSQL
 * whose data persists in `<root>/.data/postgres` (started here, or reused when another local
 * command already runs it).
 */
export async function ensureDevDatabase(repositoryRoot: string): Promise<DevDatabase> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { url: configured, source: 'DATABASE_URL', stop: () => Promise.resolve() };

  const dataDir = join(repositoryRoot, '.data', 'postgres');
  const runningPort = portOfRunningServer(dataDir);
  if (runningPort !== undefined) {
    const url = await ensureDatabase(
      `postgresql://postgres:postgres@127.0.0.1:${runningPort}/postgres`,
    );
    return { url, source: 'embedded (already running)', stop: () => Promise.resolve() };
  }
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    return {
      url: await ensureDatabase(server.url),
      source: 'embedded (started)',
      stop: server.stop,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function ensureDatabase(serverUrl: string): Promise<string> {
  if (!(await databaseExists(serverUrl, DEV_DATABASE_NAME))) {
    await createDatabase(serverUrl, DEV_DATABASE_NAME);
  }
  return withDatabaseName(serverUrl, DEV_DATABASE_NAME);
}

/** postmaster.pid holds the server's pid (line 1) and port (line 4) while it runs. */
function portOfRunningServer(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined;
  }
  return Number(port);
}
