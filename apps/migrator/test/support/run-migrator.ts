import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const REPOSITORY_ROOT = resolve(__dirname, '../../../..');
const MIGRATE_BIN = resolve(__dirname, '../../bin/migrate.cjs');

export interface MigratorRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, for `--json` runs. */
  json: Record<string, unknown>;
}

const CLEARED = [
  'DATABASE_URL',
  'MIGRATIONS_DIR',
  'PRISMA_SCHEMA',
  'NODE_ENV',
  'MIGRATE_ENV',
  'CHECK_DATABASE_URL',
];

/** This process's environment without the settings a test must give explicitly, plus `env`. */
function environment(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of CLEARED) delete base[name];
  return { ...base, ...env };
}

/** Starts the migrator without waiting for it (to kill it mid-run, or read part of its output). */
export function spawnMigrator(
  args: string[],
  env: Record<string, string | undefined> = {},
  stdio: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  return spawn(process.execPath, [MIGRATE_BIN, ...args], {
    cwd: REPOSITORY_ROOT,
    env: environment(env),
    stdio,
  });
}

/** Runs the real migrator CLI as a pipeline would, from the repository root unless told `cwd`. */
export function runMigrator(
  args: string[],
  env: Record<string, string | undefined> = {},
  { cwd = REPOSITORY_ROOT }: { cwd?: string } = {},
): Promise<MigratorRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [MIGRATE_BIN, ...args],
      { cwd, env: environment(env) },
      (error, stdout, stderr) => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          // human output
        }
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, json });
      },
    );
  });
}
