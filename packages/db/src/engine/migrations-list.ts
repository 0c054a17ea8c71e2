import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';

import { LOCK_FILE, MIGRATION_FILE, MigrationsFolderError } from './migration-files';

export { DOWN_FILE, LOCK_FILE, MIGRATION_FILE, MigrationsFolderError } from './migration-files';

/** Reads a Prisma migrations folder into the shape the schema engine takes. */
export async function readMigrationsList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = resolve(migrationsDir);
  if (!existsSync(baseDir)) {
    throw new MigrationsFolderError(
      `The migrations folder ${baseDir} does not exist. Pass the right --migrations path or MIGRATIONS_DIR, or leave both unset for the repository's prisma/migrations.`,
    );
  }
  const entries = await readdir(baseDir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    folders.map(async (name) => {
      const content = await readFile(join(baseDir, name, MIGRATION_FILE), 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (error: NodeJS.ErrnoException) => ({ tag: 'error' as const, value: error.message }),
      );
      // The wasm engine records `path` itself as the migration's name, so it is the folder name.
      return { path: name, migrationFile: { path: MIGRATION_FILE, content } };
    }),
  );
  const lockPath = join(baseDir, LOCK_FILE);
  const lockContent = existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null;
  return {
    baseDir,
    lockfile: { path: LOCK_FILE, content: lockContent },
    migrationDirectories,
    shadowDbInitScript: '',
  };
}
