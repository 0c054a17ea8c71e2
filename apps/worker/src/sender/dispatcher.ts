import { TaskPool } from '../concurrency/task-pool';
import type { ClaimedDelivery } from '../deliveries/claim-deliveries';

export interface DispatcherOptions {
  /** Sends running at once, shared between the channels without places of their own. */
  concurrency: number;
  /** Deliveries marked started ahead of a free place in the pool. */
  lookahead: number;
  /**
   * A channel's own places (email: its SMTP connections): at most this many of its sends at once,
   * beside the shared ones (`undefined`: the channel shares the pool's `concurrency`).
   */
  ownPlacesOf: (channelId: string) => number | undefined;
  /** The start mark: resolves `true` when the delivery may be sent (still this worker's claim). */
  mark: (delivery: ClaimedDelivery) => Promise<boolean>;
  /** Sends the delivery once its mark resolved `true`; settles it in every case. */
  send: (delivery: ClaimedDelivery, started: Promise<boolean>) => Promise<void>;
  /** Hands back a delivery that will not be sent here (on stop). */
  release: (delivery: ClaimedDelivery) => void;
}

/**
 * Runs each claimed delivery at its slot: a timer until the slot, then a place in the pool,
 * shared fairly between channels (a freed place goes to the channel with the fewest sends
 * running). A channel with places of its own (email, as many as its SMTP connections) sends on
 * those, beside the shared places: a slow channel's sends never take the places of the others.
 *
 * A delivery is marked started when it enters the pool's queue, not when it gets a place, and the
 * queue is refilled in batches once it is half empty (up to `lookahead`): the marks' round trips
 * overlap the sends in flight instead of adding to each send, and go to the database in batches.
 * At most `lookahead` deliveries per pool hold the send lease without being sent yet. A channel
 * with its own places queues at most as many, so it never fills the queue others need.
 */
export class Dispatcher {
  private readonly pool: TaskPool;
  private readonly slotTimers = new Map<
    string,
    { timer: NodeJS.Timeout; delivery: ClaimedDelivery }
  >();
  /** Per channel, deliveries whose slot came and that wait to enter the pool. */
  private readonly due = new Map<string, ClaimedDelivery[]>();
  private dueCount = 0;

  constructor(private readonly options: DispatcherOptions) {
    this.pool = new TaskPool(options.concurrency, () => this.feed());
  }

  /** Sends running now. */
  get running(): number {
    return this.pool.running;
  }

  /** Deliveries waiting for their slot. */
  get waitingForSlot(): number {
    return this.slotTimers.size;
  }

  isWaitingForSlot(id: string): boolean {
    return this.slotTimers.has(id);
  }

  /** Dispatches `delivery` in `waitMs` (at once when below 1 ms). */
  at(delivery: ClaimedDelivery, waitMs: number): void {
    if (waitMs < 1) {
      this.enqueue(delivery);
      this.feed();
      return;
    }
    const timer = setTimeout(() => {
      this.slotTimers.delete(delivery.id);
      this.enqueue(delivery);
      this.feed();
    }, Math.ceil(waitMs));
    this.slotTimers.set(delivery.id, { timer, delivery });
  }

  /** Hands back every delivery not started (`release`); returns how many. Running sends go on. */
  stop(): number {
    let released = 0;
    for (const { timer, delivery } of this.slotTimers.values()) {
      clearTimeout(timer);
      this.options.release(delivery);
      released += 1;
    }
    this.slotTimers.clear();
    for (const queue of this.due.values())
      for (const delivery of queue) {
        this.options.release(delivery);
        released += 1;
      }
    this.due.clear();
    this.dueCount = 0;
    return released + this.pool.clearQueue();
  }

  /** Resolves once no send runs or waits in the pool. */
  onIdle(): Promise<void> {
    return this.pool.onIdle();
  }

  private enqueue(delivery: ClaimedDelivery): void {
    const queue = this.due.get(delivery.channelId);
    if (queue) queue.push(delivery);
    else this.due.set(delivery.channelId, [delivery]);
    this.dueCount += 1;
  }

  /**
   * Moves due deliveries into the pool: one that starts at once always; otherwise only while
   * refilling (the pool's queue was half empty), up to `lookahead` queued.
   */
  private feed(): void {
    if (this.dueCount === 0) return;
    const refill = this.pool.waiting <= this.options.lookahead / 2;
    for (;;) {
      const channelId = this.nextChannel(refill);
      if (channelId === undefined) return;
      const queue = this.due.get(channelId)!;
      const delivery = queue.shift()!;
      if (queue.length === 0) this.due.delete(channelId);
      this.dueCount -= 1;
      const started = this.options.mark(delivery);
      this.pool.submit(
        () => this.options.send(delivery, started),
        () => this.options.release(delivery),
        channelId,
        this.options.ownPlacesOf(channelId),
      );
    }
  }

  /** The due channel with the fewest deliveries in the pool among those it may take now. */
  private nextChannel(refill: boolean): string | undefined {
    // The pool starts whatever it can at once: a shared place free means no queued task waits
    // for one, and a channel with fewer tasks in the pool than its own places has one free.
    const sharedPlaceFree = this.pool.sharedPlaceFree;
    const queueRoom = refill && this.pool.waiting < this.options.lookahead;
    let chosen: string | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const channelId of this.due.keys()) {
      const inPool = this.pool.sizeOf(channelId);
      const ownPlaces = this.options.ownPlacesOf(channelId);
      const cap = ownPlaces ?? this.pool.concurrency;
      const startsAtOnce = (ownPlaces !== undefined || sharedPlaceFree) && inPool < cap;
      const mayQueue = queueRoom && inPool < cap + Math.min(cap, this.options.lookahead);
      if ((startsAtOnce || mayQueue) && inPool < fewest) {
        chosen = channelId;
        fewest = inPool;
      }
    }
    return chosen;
  }
}
