import { markStarted, type StartRequest } from '../deliveries/mark-started';
import type { PrismaClient } from '@publishing/db';

interface Waiting {
  request: StartRequest;
  resolve: (started: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Batches the start marks of sends about to begin: the requests made while a mark statement runs
 * go together in the next one, so marking costs one round trip per batch, not per send. `mark`
 * resolves `true` only when the row was still this worker's claim and its lease now covers the
 * send; it rejects when the statement failed (whether it applied is then unknown: not sending
 * is the safe side, the extended lease at worst delays a retake).
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

  mark(request: StartRequest): Promise<boolean> {
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
          (started) => {
            for (const entry of batch) entry.resolve(started.has(entry.request.id));
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
