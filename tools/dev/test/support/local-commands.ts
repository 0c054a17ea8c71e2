import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPOSITORY_ROOT = resolve(__dirname, '../../../..');
export const LAUNCHER = 'tools/dev/bin/local-command.cjs';

export interface LocalCommandSandbox {
  /** Where the embedded PostgreSQL's data goes: not created until a command starts it. */
  dataDir: string;
  env: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

/**
 * An environment for running local commands as a developer would, except that the embedded
 * PostgreSQL lives in a temporary directory (never the developer's .data), no DATABASE_URL
 * leaks in from the test run, no metrics port is opened, and nothing is built: turbo built it before these tests, and a
 * build started here would rewrite dist/ files (turbo restores them from its cache) while other
 * packages' tests run them. Only build-first.test.ts builds, in a scratch checkout of its own.
 */
export function localCommandSandbox(extra: NodeJS.ProcessEnv = {}): LocalCommandSandbox {
  const dataDir = join(tmpdir(), `publishing-dev-test-${randomBytes(6).toString('hex')}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PUBLISHING_SKIP_BUILD: '1',
    // Off unless a test asks: tests run side by side, and other packages' run the apps meanwhile.
    METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
    ...extra,
  };
  delete env.DATABASE_URL;
  env.DEV_DATABASE_DIR = dataDir;
  return { dataDir, env, remove: () => rm(dataDir, { recursive: true, force: true }) };
}
