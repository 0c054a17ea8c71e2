interface QueuedTask {
  run: () => Promise<void>;
  drop: () => void;
}

/**
 * Runs at most `concurrency` tasks at once, the rest in FIFO order. A queued task can be dropped
 * (on shutdown) through its `drop` callback, so the caller can hand its work back.
 */
export class TaskPool {
  private active = 0;
  private readonly queue: QueuedTask[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(readonly concurrency: number) {}

  get size(): number {
    return this.active + this.queue.length;
  }

  /** Tasks started and not finished yet. */
  get running(): number {
    return this.active;
  }

  /** Queues `run`; `drop` is called instead if the queue is cleared before it starts. */
  submit(run: () => Promise<void>, drop: () => void = () => undefined): void {
    this.queue.push({ run, drop });
    this.next();
  }

  /** Drops every task not started yet (each gets its `drop` call); running ones continue. */
  clearQueue(): number {
    const dropped = this.queue.splice(0);
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
    while (this.active < this.concurrency) {
      const task = this.queue.shift();
      if (!task) break;
      this.active += 1;
      void task
        .run()
        .catch(() => undefined)
        .finally(() => {
          this.active -= 1;
          this.next();
          this.settle();
        });
    }
  }

  private settle(): void {
    if (this.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
