import type pg from 'pg';
import { findBlockingSessions, type BlockingSession } from '../database/blocking-sessions';

/**
 * Watches a migration attempt from a second connection: once the attempt has run for half its
 * `lock_timeout` (at most a second), asks who blocks the migrator's backend. When the attempt
 * then times out, the sessions to blame are known, though the wait itself is over.
 */
export class BlockerWatch {
  private seen: BlockingSession[] = [];

  constructor(
    private readonly observer: () => Promise<pg.Client>,
    private readonly waitingPid: number,
    private readonly lockTimeoutMs: number,
  ) {}

  /** The blockers seen during the latest attempt that had any. */
  get blockers(): BlockingSession[] {
    return this.seen;
  }

  async run<T>(attempt: () => Promise<T>): Promise<T> {
    let sample: Promise<void> | undefined;
    const timer = setTimeout(
      () => {
        sample = this.sample();
      },
      Math.min(this.lockTimeoutMs / 2, 1000),
    );
    try {
      return await attempt();
    } finally {
      clearTimeout(timer);
      await sample;
    }
  }

  private async sample(): Promise<void> {
    try {
      const found = await findBlockingSessions(await this.observer(), this.waitingPid);
      if (found.length > 0) this.seen = found;
    } catch {
      // Naming blockers is a courtesy: a failed look must not fail the deploy.
    }
  }
}
