import type { PrismaClient } from '@publishing/db';
import { createLogger, type Logger } from '@publishing/logging';
import { createChannelAdapters, type ChannelAdapters } from '@publishing/channels';
import type { WorkerConfig } from './config/worker-config';
import { errorMessage } from './logging/error-message';
import { OutcomeWriter } from './outcomes/outcome-writer';
import type { StartedPublication } from './scheduler/claim-due-publications';
import { Scheduler } from './scheduler/scheduler';
import { Sender } from './sender/sender';
import { ignoredEvents, type WorkerEvents } from './worker-events';

export interface DeliveryWorkerOptions {
  db: PrismaClient;
  config: WorkerConfig;
  logger?: Logger;
  /** Told of claims, sends and outcomes (metrics listen). */
  events?: WorkerEvents;
  adapters?: ChannelAdapters;
  random?: () => number;
}

/**
 * The delivery worker, wiring three parts that share one database:
 * - the `Scheduler` claims due publications (exactly once across workers), fans them out into
 *   deliveries and derives each active publication's status and `channel_results`;
 * - the `Sender` claims due deliveries per channel with a short lease, books shared rate-limit
 *   slots, marks each send started (extending its lease) right before sending it;
 * - the `OutcomeWriter` records outcomes in batches: sent, failed with a classified reason, or
 *   back to pending with exponential backoff and full jitter.
 *
 * Delivery is at least once: a worker that dies mid-send leaves its claims to expire and be
 * retaken (unstarted ones after the short claim lease). Receivers deduplicate with the delivery
 * id (`X-Publishing-Delivery`, and the email's Message-ID).
 */
export class DeliveryWorker {
  private readonly config: WorkerConfig;
  private readonly logger: Logger;
  private readonly adapters: ChannelAdapters;
  private readonly scheduler: Scheduler;
  private readonly sender: Sender;
  private readonly outcomes: OutcomeWriter;
  private running = false;
  private stopped: Promise<void> | undefined;

  constructor(options: DeliveryWorkerOptions) {
    const { db, config } = options;
    this.config = config;
    this.logger = options.logger ?? createLogger({ name: 'publishing-worker', level: 'silent' });
    const events = options.events ?? ignoredEvents;
    this.adapters =
      options.adapters ??
      createChannelAdapters({
        concurrency: config.concurrency,
        sendTimeoutMs: config.sendTimeoutMs,
        targetPolicy: { allowPrivateTargets: config.allowPrivateTargets },
      });
    this.scheduler = new Scheduler({
      db,
      logger: this.logger,
      events,
      pollIntervalMs: config.pollIntervalMs,
      maxLatenessSeconds: config.maxLatenessSeconds,
      senderIdle: () => this.sender.isIdle,
    });
    this.outcomes = new OutcomeWriter({
      db,
      workerId: config.workerId,
      logger: this.logger,
      retryDelayMs: config.pollIntervalMs,
      onWritten: (publicationId) => this.scheduler.touch(publicationId),
      onReleased: () => this.sender.wake(),
    });
    this.sender = new Sender({
      db,
      config,
      logger: this.logger,
      events,
      adapters: this.adapters,
      outcomes: this.outcomes,
      random: options.random ?? Math.random,
      onTouched: (publicationId) => this.scheduler.touch(publicationId),
    });
  }

  get workerId(): string {
    return this.config.workerId;
  }

  /** Deliveries this worker holds (claimed, not yet recorded), and sends running now. */
  get load(): { held: number; sending: number } {
    return { held: this.sender.held, sending: this.sender.sending };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.logger.info(
      {
        concurrency: this.config.concurrency,
        batch_size: this.config.batchSize,
        lease_seconds: this.config.leaseSeconds,
        claim_lease_seconds: this.config.claimLeaseSeconds,
      },
      'worker started',
    );
    this.scheduler.start();
    this.sender.start();
  }

  /**
   * Graceful stop: no new claims; deliveries claimed but not started are handed back (pending,
   * attempt not counted); sends in flight finish (up to `shutdownTimeoutMs`, after which their
   * claims simply expire); outcomes are written and publication statuses refreshed.
   */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  /** Claims and fans out every due publication. */
  startDuePublications(): Promise<StartedPublication[]> {
    return this.scheduler.startDuePublications();
  }

  /** Derives status and channel_results of publications this worker touched and of all in progress. */
  refreshPublicationStatuses(): Promise<void> {
    return this.scheduler.refreshPublicationStatuses();
  }

  private async shutdown(): Promise<void> {
    const [, sender] = await Promise.all([this.scheduler.stop(), this.sender.stop()]);
    await this.outcomes.drain();
    try {
      await this.scheduler.refreshPublicationStatuses();
    } catch (error) {
      this.logger.error({ error: errorMessage(error) }, 'final status refresh failed');
    }
    for (const adapter of Object.values(this.adapters)) adapter.close?.();
    this.running = false;
    this.logger.info(
      {
        released_unstarted: sender.released,
        in_flight_finished: sender.inFlightFinished,
        unwritten_outcomes: this.outcomes.unwritten,
      },
      'worker stopped',
    );
  }
}
