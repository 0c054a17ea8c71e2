import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOWN_FILE, MIGRATION_FILE, MigrationsFolderError } from '../engine/migration-files';
import {
  DATA_STEP_FILE,
  declaredBlocking,
  declaredMode,
  type DataStepFile,
} from './data-step-file';

/** Marks a `down.sql` that cannot restore the previous state; rollback refuses it without --force. */
export const IRREVERSIBLE_DIRECTIVE = '-- migrate:irreversible';

export interface LocalMigration {
  /** Folder name, e.g. `20250601000000_legacy_baseline`; the ledger's `migration_name`. */
  name: string;
  dir: string;
  sql: string;
  /** SHA-256 of `migration.sql`, as Prisma records it. */
  checksum: string;
  /** `down.sql`, or null when the folder has none. */
  downSql: string | null;
  /** `down.sql` declares itself irreversible (with the reason on the directive line). */
  irreversibleReason: string | null;
  /** `data.ts`, the folder's TypeScript data step, or null when it has none. */
  dataStep: DataStepFile | null;
}

/**
 * The migration history shipped with this build, in order. Read synchronously: a few dozen small
 * files come faster that way than through the thread pool, and every command waits for them.
 */
export function readLocalHistory(migrationsDir: string): Promise<LocalMigration[]> {
  return new Promise((resolve) => resolve(readHistoryFolders(migrationsDir)));
}

function readHistoryFolders(migrationsDir: string): LocalMigration[] {
  const baseDir = resolve(migrationsDir);
  if (!existsSync(baseDir)) {
    throw new MigrationsFolderError(
      `The migrations folder ${baseDir} does not exist. Point MIGRATIONS_DIR at it (a relative path starts at the repository's root), or leave it unset for the repository's prisma/migrations.`,
    );
  }
  const folders = readdirSync(baseDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return folders.map((name) => {
    const dir = join(baseDir, name);
    const migrationPath = join(dir, MIGRATION_FILE);
    const sql = readOptional(migrationPath);
    if (sql === null) {
      throw new MigrationsFolderError(
        `${migrationPath} is missing: every migration folder needs its migration.sql.`,
      );
    }
    const downSql = readOptional(join(dir, DOWN_FILE));
    const dataPath = join(dir, DATA_STEP_FILE);
    const dataText = readOptional(dataPath);
    return {
      name,
      dir,
      sql,
      checksum: checksumOf(sql),
      downSql,
      irreversibleReason: irreversibleReasonOf(downSql),
      dataStep:
        dataText === null
          ? null
          : {
              path: dataPath,
              checksum: checksumOf(dataText),
              mode: declaredMode(dataText),
              blocking: declaredBlocking(dataText),
            },
    };
  });
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

function irreversibleReasonOf(downSql: string | null): string | null {
  const line = downSql
    ?.split('\n')
    .find((text) => text.trimStart().startsWith(IRREVERSIBLE_DIRECTIVE));
  if (line === undefined) return null;
  return line.trimStart().slice(IRREVERSIBLE_DIRECTIVE.length).trim() || 'declared irreversible';
}
