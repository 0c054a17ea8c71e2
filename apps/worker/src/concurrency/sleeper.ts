/**
 * Sleeps a loop can be woken from: `wake()` ends the sleeps that asked for it (work arrived),
 * `stop()` ends every sleep now and later ones at once.
 */
export class Sleeper {
  private stopped = false;
  private readonly sleepers = { stop: [] as (() => void)[], wake: [] as (() => void)[] };

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Sleeps up to `ms`; a stop ends it early, and with `wakeable` a `wake()` too. */
  sleep(ms: number, wakeable = false): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const kind = wakeable ? 'wake' : 'stop';
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers[kind] = this.sleepers[kind].filter((waiter) => waiter !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers[kind].push(done);
    });
  }

  wake(): void {
    for (const done of [...this.sleepers.wake]) done();
  }

  stop(): void {
    this.stopped = true;
    for (const done of [...this.sleepers.stop, ...this.sleepers.wake]) done();
  }
}
