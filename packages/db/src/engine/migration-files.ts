/** A migrations folder's file names, and its error: apart from the readers, which load node:fs/promises. */
export const MIGRATION_FILE = 'migration.sql';
export const DOWN_FILE = 'down.sql';
export const LOCK_FILE = 'migration_lock.toml';

export class MigrationsFolderError extends Error {
  override readonly name = 'MigrationsFolderError';
}
