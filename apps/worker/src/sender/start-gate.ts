import { markStarted, type StartRequest } from '../deliveries/mark-started';
import type { PrismaClient } from '@publishing/db';

/**
 * - `started`: still this worker's claim, its lease now covers the send;
 * - `refused`: its channel's window was full: not marked, to be handed back;
 * - `retaken`: no longer this worker's claim: not to be sent here.
 */
export type StartVerdict = 'started' | 'refused' | 'retaken';

interface Waiting {
  request: StartRequest;
  resolve: (verdict: StartVerdict) => void;
  reject: (error: unknown) => void;
}

/**
 * Batches the start marks of sends about to begin: the requests made while a mark statement runs
 * go together in the next one, so marking costs one round trip per batch, not per send. `mark`
 * resolves with a `StartVerdict`; it rejects when the statement failed (whether it applied is
 * then unknown: not sending is the safe side, the extended lease at worst delays a retake).
 */
export class StartGate {
  private waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly db: PrismaClient,
    private readonly workerId: string,
    private readonly leaseSeconds: number,
    private readonly maxConcurrentMarks = 2,
    private readonly maxBatch = 500,
  ) {}

  mark(request: StartRequest): Promise<StartVerdict> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    while (this.waiting.length > 0 && this.running < this.maxConcurrentMarks) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.running += 1;
      markStarted(
        this.db,
        this.workerId,
        this.leaseSeconds,
        batch.map((entry) => entry.request),
      )
        .then(
          ({ started, refused }) => {
            for (const entry of batch) {
              const id = entry.request.id;
              entry.resolve(started.has(id) ? 'started' : refused.has(id) ? 'refused' : 'retaken');
            }
          },
          (error: unknown) => {
            for (const entry of batch) entry.reject(error);
          },
        )
        .finally(() => {
          this.running -= 1;
          this.flush();
        });
    }
  }
}
