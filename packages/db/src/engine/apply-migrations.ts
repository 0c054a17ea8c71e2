import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { readMigrationsList } from './migrations-list';
import { NO_SCHEMA_FILTER, openSchemaEngine, type EngineLogLine } from './schema-engine';

export interface ApplyMigrationsOptions {
  url: string;
  migrationsDir: string;
  /** Apply only up to and including this migration folder name. */
  upTo?: string;
  onLog?: (line: EngineLogLine) => void;
}

/**
 * Applies pending migrations the way `prisma migrate deploy` does (same advisory lock, same
 * `_prisma_migrations` rows), each migration file run whole. Returns the names applied.
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<string[]> {
  const migrationsList = truncateMigrationsList(
    await readMigrationsList(options.migrationsDir),
    options.upTo,
  );
  const { engine, close } = await openSchemaEngine({ url: options.url, onLog: options.onLog });
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: NO_SCHEMA_FILTER,
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}

export function truncateMigrationsList(
  list: MigrationList,
  upTo: string | undefined,
): MigrationList {
  if (upTo === undefined) return list;
  const end = list.migrationDirectories.findIndex((directory) => directory.path === upTo);
  if (end === -1) throw new Error(`No migration named "${upTo}" in ${list.baseDir}.`);
  return { ...list, migrationDirectories: list.migrationDirectories.slice(0, end + 1) };
}
