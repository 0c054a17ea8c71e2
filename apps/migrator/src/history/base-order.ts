import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LocalMigration } from '@publishing/db/history';
import { UsageError } from '../cli/migrator-error';

const run = promisify(execFile);

export interface MisorderedMigration {
  name: string;
  /** The newest migration folder on the base: this one sorts before it. */
  newestOnBase: string;
}

/**
 * Folders this branch adds (absent from `baseRef`'s migrations folder) that sort before the
 * newest folder on the base: merged, they would apply out of order, or never on databases that
 * already moved past them.
 */
export async function migrationsBeforeBase(
  migrationsDir: string,
  history: LocalMigration[],
  baseRef: string,
): Promise<MisorderedMigration[]> {
  const onBase = await foldersAt(migrationsDir, baseRef);
  const newestOnBase = onBase.sort().at(-1);
  if (newestOnBase === undefined) return [];
  const known = new Set(onBase);
  return history
    .filter((migration) => !known.has(migration.name) && migration.name < newestOnBase)
    .map((migration) => ({ name: migration.name, newestOnBase }));
}

/** The migration folders in `migrationsDir` as of `ref` (none if the folder did not exist). */
async function foldersAt(migrationsDir: string, ref: string): Promise<string[]> {
  try {
    await run('git', ['-C', migrationsDir, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new UsageError(
      `--base ${ref}: not a commit of the git repository holding ${migrationsDir}.`,
      'Pass a branch, tag or commit that exists locally (in CI, fetch it first: git fetch origin main, then --base origin/main).',
    );
  }
  try {
    const { stdout } = await run('git', [
      '-C',
      migrationsDir,
      'ls-tree',
      '-d',
      '--name-only',
      ref,
      '--',
      '.',
    ]);
    return stdout.split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
