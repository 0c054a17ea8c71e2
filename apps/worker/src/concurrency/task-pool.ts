interface QueuedTask {
  run: () => Promise<void>;
  drop: () => void;
}

/**
 * Runs tasks queued per key (a channel), FIFO within a key. Keys share `concurrency` places: a
 * freed place goes to the key with the fewest tasks running among those waiting, so a slow key
 * cannot hold the places of the others: while both have work, each gets its share. A key given
 * its own places (`ownPlaces`, e.g. an email channel's SMTP connections) runs up to that many
 * beside the shared ones and takes none of them. A queued task can be dropped (on shutdown)
 * through its `drop` callback, so the caller can hand its work back.
 */
export class TaskPool {
  private active = 0;
  /** Running tasks of keys without places of their own. */
  private activeShared = 0;
  private queued = 0;
  private readonly queues = new Map<string, QueuedTask[]>();
  private readonly runningByKey = new Map<string, number>();
  private readonly ownPlacesByKey = new Map<string, number>();
  private idleWaiters: (() => void)[] = [];

  /** `onTaskDone` is called after each task finished and its place was given on. */
  constructor(
    readonly concurrency: number,
    private readonly onTaskDone: () => void = () => undefined,
  ) {}

  get size(): number {
    return this.active + this.queued;
  }

  /** Tasks started and not finished yet. */
  get running(): number {
    return this.active;
  }

  /** Whether a task of a key without places of its own would start at once. */
  get sharedPlaceFree(): boolean {
    return this.activeShared < this.concurrency;
  }

  /** Tasks waiting for a place. */
  get waiting(): number {
    return this.queued;
  }

  /** Tasks of `key` running or waiting. */
  sizeOf(key: string): number {
    return (this.runningByKey.get(key) ?? 0) + (this.queues.get(key)?.length ?? 0);
  }

  /**
   * Queues `run` under `key`; `drop` is called instead if the queue is cleared before it starts.
   * With `ownPlaces`, at most that many tasks of `key` run at once, outside the shared places.
   */
  submit(
    run: () => Promise<void>,
    drop: () => void = () => undefined,
    key = '',
    ownPlaces?: number,
  ): void {
    if (ownPlaces === undefined) this.ownPlacesByKey.delete(key);
    else this.ownPlacesByKey.set(key, ownPlaces);
    const queue = this.queues.get(key);
    if (queue) queue.push({ run, drop });
    else this.queues.set(key, [{ run, drop }]);
    this.queued += 1;
    this.next();
  }

  /** Drops every task not started yet (each gets its `drop` call); running ones continue. */
  clearQueue(): number {
    const dropped = [...this.queues.values()].flat();
    this.queues.clear();
    this.queued = 0;
    for (const task of dropped) task.drop();
    this.settle();
    return dropped.length;
  }

  /** Resolves once nothing is queued or running. */
  onIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private next(): void {
    for (;;) {
      const key = this.fairestKey();
      if (key === undefined) break;
      const queue = this.queues.get(key)!;
      const task = queue.shift()!;
      if (queue.length === 0) this.queues.delete(key);
      const shared = !this.ownPlacesByKey.has(key);
      this.queued -= 1;
      this.active += 1;
      if (shared) this.activeShared += 1;
      this.runningByKey.set(key, (this.runningByKey.get(key) ?? 0) + 1);
      void task
        .run()
        .catch(() => undefined)
        .finally(() => {
          this.active -= 1;
          if (shared) this.activeShared -= 1;
          const left = (this.runningByKey.get(key) ?? 1) - 1;
          if (left === 0) this.runningByKey.delete(key);
          else this.runningByKey.set(key, left);
          this.next();
          this.settle();
          this.onTaskDone();
        });
    }
  }

  /** The waiting key with a place free and the fewest tasks running (the earliest on a tie). */
  private fairestKey(): string | undefined {
    let fairest: string | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const key of this.queues.keys()) {
      const running = this.runningByKey.get(key) ?? 0;
      const ownPlaces = this.ownPlacesByKey.get(key);
      if (ownPlaces === undefined ? !this.sharedPlaceFree : running >= ownPlaces) continue;
      if (running < fewest) {
        fairest = key;
        fewest = running;
      }
    }
    return fairest;
  }

  private settle(): void {
    if (this.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
