import type { DataStepMode } from '../data-migration';
import type { DataStepRow, BatchProgress } from './data-step-ledger';
import type { HistoryState } from './history-state';
import type { LocalMigration } from './local-history';

/** A data step whose migration's SQL is applied while the step itself is not done. */
export interface OwedDataStep {
  name: string;
  migration: LocalMigration;
  mode: DataStepMode | null;
  /** Unknown (not a literal in data.ts) counts as blocking. */
  blocking: boolean;
  state: 'not started' | 'stopped' | 'failed';
  progress: BatchProgress[];
  logs: string | null;
}

export interface DataStepState {
  /** In the order of the history: deploy runs them before any pending migration. */
  owed: OwedDataStep[];
  /** Done, but `data.ts` changed since (checksum differs): refused like an edited migration.sql. */
  edited: string[];
}

/** Reads data steps against the history; `history` is Prisma's reading of the SQL ledger. */
export function compareDataSteps(
  local: LocalMigration[],
  history: HistoryState,
  ledger: DataStepRow[],
): DataStepState {
  const appliedAt = new Map(
    history.applied.map((migration) => [migration.name, migration.appliedAt]),
  );
  const rows = new Map(ledger.map((row) => [row.migrationName, row]));
  const owed: OwedDataStep[] = [];
  const edited: string[] = [];
  for (const migration of local) {
    const file = migration.dataStep;
    const applied = appliedAt.get(migration.name);
    if (file === null || applied === undefined) continue;
    const row = rows.get(migration.name);
    // A record older than the migration's own application describes an earlier life of the
    // database (e.g. before a stock `prisma migrate reset`): the step is owed again.
    const live =
      row !== undefined &&
      row.rolledBackAt === null &&
      new Date(row.startedAt).getTime() >= new Date(applied).getTime();
    if (live && row.finishedAt !== null) {
      if (row.checksum !== file.checksum) edited.push(migration.name);
      continue;
    }
    owed.push({
      name: migration.name,
      migration,
      mode: file.mode,
      blocking: file.blocking !== false,
      state: !live ? 'not started' : row.failedAt !== null ? 'failed' : 'stopped',
      progress: live ? row.progress : [],
      logs: live ? row.logs : null,
    });
  }
  return { owed, edited };
}
