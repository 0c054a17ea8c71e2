import { execFile } from 'node:child_process';
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

/** Runs the real migrator CLI as a pipeline would, from the repository root. */
export function runMigrator(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<MigratorRun> {
  const baseEnv: Record<string, string | undefined> = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'MIGRATIONS_DIR',
    'NODE_ENV',
    'MIGRATE_ENV',
    'CHECK_DATABASE_URL',
  ])
    delete baseEnv[name];
  return new Promise((done) => {
    execFile(
      process.execPath,
      [MIGRATE_BIN, ...args],
      { cwd: REPOSITORY_ROOT, env: { ...baseEnv, ...env } as NodeJS.ProcessEnv },
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
