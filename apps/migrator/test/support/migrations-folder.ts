import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './run-migrator';

export interface MigrationsFolder {
  dir: string;
  add(name: string, sql: string, downSql?: string): Promise<void>;
  remove: () => Promise<void>;
}

/** A throwaway migrations folder, empty or a copy of the repository's history. */
export async function createMigrationsFolder(
  options: { copyHistory?: boolean } = {},
): Promise<MigrationsFolder> {
  const root = await mkdtemp(join(tmpdir(), 'publishing-migrations-'));
  const dir = join(root, 'migrations');
  if (options.copyHistory) {
    await cp(join(REPOSITORY_ROOT, 'prisma/migrations'), dir, { recursive: true });
  } else {
    await mkdir(dir);
    await writeFile(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  }
  return {
    dir,
    add: async (name, sql, downSql) => {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'migration.sql'), sql);
      if (downSql !== undefined) await writeFile(join(dir, name, 'down.sql'), downSql);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
