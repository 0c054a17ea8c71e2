import type { HistoryState } from '@publishing/db/history';

export interface OutOfOrder {
  /** Pending migrations that sort before `newestApplied`. */
  pending: string[];
  newestApplied: string;
}

/**
 * Pending migrations older than the newest applied one: typically merged from a branch after
 * a later migration was deployed. Applying them now runs them in an order no one tested.
 */
export function pendingOutOfOrder(state: HistoryState): OutOfOrder | undefined {
  const newestApplied = state.applied
    .map((migration) => migration.name)
    .sort()
    .at(-1);
  if (newestApplied === undefined) return undefined;
  const pending = state.pending
    .map((migration) => migration.name)
    .filter((name) => name < newestApplied);
  return pending.length > 0 ? { pending, newestApplied } : undefined;
}
