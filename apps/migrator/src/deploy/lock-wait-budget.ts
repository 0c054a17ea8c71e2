/**
 * `--lock-wait`: the longest a run spends waiting for locks, in total: for the migration lock and
 * for busy tables (each attempt bounded by `lock_timeout`, the retries and their backoff included).
 */
export class LockWaitBudget {
  private spentMs = 0;

  constructor(readonly totalMs: number) {}

  get remainingMs(): number {
    return Math.max(this.totalMs - this.spentMs, 0);
  }

  get usedMs(): number {
    return this.spentMs;
  }

  spend(milliseconds: number): void {
    this.spentMs += milliseconds;
  }
}
