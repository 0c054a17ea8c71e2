import type { PrismaClient } from '@publishing/db';
import type { Logger } from '@publishing/logging';
import { recordOutcomes, type DeliveryOutcome } from '../deliveries/record-outcomes';
import { errorMessage } from '../logging/error-message';

export interface OutcomeWriterOptions {
  db: PrismaClient;
  workerId: string;
  logger: Logger;
  /** After a failed write, the next one waits this long (the database may be down). */
  retryDelayMs: number;
  /** Told of each publication whose deliveries were written (its status may have changed). */
  onWritten?: (publicationId: string) => void;
  /** Told when rows stop being held here (written, or dropped as retaken). */
  onReleased?: () => void;
  batchSize?: number;
  delayMs?: number;
  maxConcurrentWrites?: number;
}

/**
 * Writes outcomes back in batches: as soon as `batchSize` are waiting or after `delayMs`, with at
 * most `maxConcurrentWrites` writes at once (batches are disjoint rows). Only rows this worker
 * still holds are written (`recordOutcomes` checks the claim): a result for a delivery retaken
 * by another worker is dropped. A failed batch goes back to the buffer and is retried.
 */
export class OutcomeWriter {
  private readonly db: PrismaClient;
  private readonly workerId: string;
  private readonly logger: Logger;
  private readonly retryDelayMs: number;
  private readonly onWritten: (publicationId: string) => void;
  private readonly onReleased: () => void;
  private readonly batchSize: number;
  private readonly delayMs: number;
  private readonly maxConcurrentWrites: number;

  private buffer: DeliveryOutcome[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly writes = new Set<Promise<void>>();
  private retryAt = 0;
  private rowsBeingWritten = 0;

  constructor(options: OutcomeWriterOptions) {
    this.db = options.db;
    this.workerId = options.workerId;
    this.logger = options.logger;
    this.retryDelayMs = options.retryDelayMs;
    this.onWritten = options.onWritten ?? (() => undefined);
    this.onReleased = options.onReleased ?? (() => undefined);
    this.batchSize = options.batchSize ?? 500;
    this.delayMs = options.delayMs ?? 50;
    this.maxConcurrentWrites = options.maxConcurrentWrites ?? 2;
  }

  /** Outcomes not written yet: buffered or being written. */
  get unwritten(): number {
    return this.buffer.length + this.rowsBeingWritten;
  }

  add(outcome: DeliveryOutcome): void {
    this.buffer.push(outcome);
    if (this.buffer.length >= this.batchSize) this.flush();
    else this.schedule(this.delayMs);
  }

  /** Writes everything buffered (a few tries), waiting for writes in progress. */
  async drain(): Promise<void> {
    for (
      let attempt = 0;
      attempt < 5 && (this.buffer.length > 0 || this.writes.size > 0);
      attempt += 1
    ) {
      this.retryAt = 0;
      this.flush();
      while (this.writes.size > 0) await Promise.all([...this.writes]);
      if (this.buffer.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    while (this.buffer.length > 0 && this.writes.size < this.maxConcurrentWrites) {
      const batch = this.buffer.splice(0, this.batchSize);
      this.rowsBeingWritten += batch.length;
      const write: Promise<void> = this.write(batch).finally(() => {
        this.rowsBeingWritten -= batch.length;
        this.writes.delete(write);
        this.onReleased();
        if (this.buffer.length >= this.batchSize) this.flush();
        else if (this.buffer.length > 0) this.schedule(this.delayMs);
      });
      this.writes.add(write);
    }
  }

  private schedule(delayMs: number): void {
    this.timer ??= setTimeout(() => this.flush(), delayMs);
  }

  /** One batch; on failure it goes back to the buffer for a later write. */
  private async write(batch: DeliveryOutcome[]): Promise<void> {
    try {
      const written = await recordOutcomes(this.db, this.workerId, batch);
      for (const outcome of batch) this.onWritten(outcome.publicationId);
      const lost = batch.length - written.size;
      if (lost > 0) {
        this.logger.warn(
          { count: lost },
          'outcomes dropped: their claims were retaken by another worker',
        );
      }
    } catch (error) {
      this.buffer.unshift(...batch);
      this.retryAt = Date.now() + this.retryDelayMs;
      this.logger.error(
        { error: errorMessage(error), count: batch.length },
        'recording outcomes failed; will retry',
      );
    }
  }
}
