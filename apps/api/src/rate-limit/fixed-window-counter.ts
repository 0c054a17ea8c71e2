import { LRUCache } from 'lru-cache';

export interface WindowState {
  /** Events counted in the client's current window, this one included. */
  count: number;
  /** Whole seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
}

/** How many clients a counter remembers; the least recently seen are forgotten first. */
const MAX_CLIENTS = 100_000;

/**
 * Counts events per client in fixed windows that start at the client's first event. Memory is
 * bounded: beyond `MAX_CLIENTS`, the least recently seen client's window is forgotten.
 */
export class FixedWindowCounter {
  private readonly windows: LRUCache<string, { count: number }>;

  constructor(windowMs: number) {
    this.windows = new LRUCache({ max: MAX_CLIENTS, ttl: windowMs });
  }

  /** Counts one event of `client`. */
  add(client: string): WindowState {
    let window = this.windows.get(client);
    if (!window) {
      window = { count: 0 };
      this.windows.set(client, window);
    }
    window.count += 1;
    return this.stateOf(client, window.count);
  }

  /** The client's current window, counting nothing. */
  peek(client: string): WindowState {
    return this.stateOf(client, this.windows.get(client)?.count ?? 0);
  }

  private stateOf(client: string, count: number): WindowState {
    const remainingMs = this.windows.getRemainingTTL(client);
    return { count, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
  }
}
