import {
  compareDataSteps,
  readDataStepLedger,
  type DataStepState,
  type HistoryState,
  type LocalMigration,
  type Queryable,
} from '@publishing/db/history';

/** Data steps against their ledger; no query at all when the history has no data step. */
export async function readDataStepState(
  client: Queryable,
  history: LocalMigration[],
  state: HistoryState,
): Promise<DataStepState> {
  if (!history.some((migration) => migration.dataStep !== null)) return { owed: [], edited: [] };
  return compareDataSteps(history, state, await readDataStepLedger(client));
}
