import type { LedgerRow } from './ledger';
import type { LocalMigration } from './local-history';

export interface AppliedMigration {
  name: string;
  checksum: string;
  appliedAt: Date;
}

export interface FailedMigration {
  name: string;
  startedAt: Date;
  logs: string | null;
}

/** How a database's ledger relates to the history this build ships. */
export interface HistoryState {
  applied: AppliedMigration[];
  /** In the history, not applied (never, or rolled back since), in order. */
  pending: LocalMigration[];
  /** Started and neither finished nor rolled back: deploy refuses until resolved. */
  failed: FailedMigration[];
  /** Applied, but the file's checksum differs from the recorded one. */
  edited: string[];
  /** Applied in the database, absent from this build's history (a newer release ran). */
  unknown: string[];
  /** Nothing pending, failed, edited or unknown. */
  atHead: boolean;
}

/** Prisma's reading of `_prisma_migrations`, against the local history. */
export function compareHistory(local: LocalMigration[], ledger: LedgerRow[]): HistoryState {
  const localByName = new Map(local.map((migration) => [migration.name, migration]));
  const live = ledger.filter((row) => row.rolledBackAt === null);
  const appliedRows = new Map<string, LedgerRow>();
  for (const row of live)
    if (row.finishedAt !== null && !appliedRows.has(row.migrationName))
      appliedRows.set(row.migrationName, row);

  const applied = [...appliedRows.values()].map((row) => ({
    name: row.migrationName,
    checksum: row.checksum,
    appliedAt: row.finishedAt as Date,
  }));
  const failed = live
    .filter((row) => row.finishedAt === null && !appliedRows.has(row.migrationName))
    .map((row) => ({ name: row.migrationName, startedAt: row.startedAt, logs: row.logs }));
  const failedNames = new Set(failed.map((migration) => migration.name));
  const pending = local.filter(
    (migration) => !appliedRows.has(migration.name) && !failedNames.has(migration.name),
  );
  const edited = applied
    .filter((row) => {
      const file = localByName.get(row.name);
      return file !== undefined && file.checksum !== row.checksum;
    })
    .map((row) => row.name);
  const unknown = [...new Set([...applied, ...failed].map((row) => row.name))].filter(
    (name) => !localByName.has(name),
  );
  return {
    applied,
    pending,
    failed,
    edited,
    unknown,
    atHead:
      pending.length === 0 && failed.length === 0 && edited.length === 0 && unknown.length === 0,
  };
}
