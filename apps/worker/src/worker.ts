import type { PrismaClient } from '@publishing/db';
import { createLogger, type Logger } from '@publishing/logging';
import {
  asDeliveryError,
  createChannelAdapters,
  isPushChannelType,
  type ChannelAdapters,
  type DeliveryContext,
  type PushChannelType,
  type SendResult,
} from '@publishing/channels';
import { TaskPool } from './concurrency/task-pool';
import type { WorkerConfig } from './config/worker-config';
import { retryDelayMs } from './deliveries/backoff';
import { claimDeliveries, type ClaimedDelivery } from './deliveries/claim-deliveries';
import { composeDelivery } from './deliveries/compose-message';
import { PublicationCache } from './deliveries/publication-cache';
import {
  cancelledAmong,
  cancelPendingDeliveries,
  processingPublicationIds,
  refreshPublications,
} from './deliveries/publication-status';
import { recordOutcomes, type DeliveryOutcome } from './deliveries/record-outcomes';
import { errorMessage } from './logging/error-message';
import { ChannelRateLimiter, rateLimitOf } from './rate-limit/token-bucket';
import {
  startNextDuePublication,
  type StartedPublication,
} from './scheduler/claim-due-publications';
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
 * While deliveries flow, publication statuses are re-derived at most this often (a count over
 * all of a publication's deliveries); as soon as the sender runs out of work, at once.
 */
const STATUS_REFRESH_MS = 1000;

/**
 * Outcomes are written in batches of up to this many, as soon as that many are waiting or after
 * `FLUSH_DELAY_MS`, with at most `MAX_CONCURRENT_FLUSHES` writes at once (batches are disjoint rows).
 */
const FLUSH_SIZE = 500;
const FLUSH_DELAY_MS = 50;
const MAX_CONCURRENT_FLUSHES = 2;

/**
 * The delivery worker. Two loops share one database:
 * - the scheduler claims due publications (exactly once across workers), creates their deliveries,
 *   and derives each active publication's status and `channel_results` from its deliveries;
 * - the sender claims due deliveries with a lease, sends them through the channel adapters with
 *   bounded concurrency and per-channel rate limits, and records outcomes in batches: sent,
 *   failed with a classified reason, or back to pending with exponential backoff and full jitter.
 *
 * Delivery is at least once: a worker that dies mid-send leaves its claims to expire and be
 * retaken. Receivers deduplicate with the delivery id (`X-Publishing-Delivery`, and the email's
 * Message-ID).
 */
export class DeliveryWorker {
  private readonly db: PrismaClient;
  private readonly config: WorkerConfig;
  private readonly logger: Logger;
  private readonly events: WorkerEvents;
  private readonly adapters: ChannelAdapters;
  private readonly random: () => number;
  private readonly cache: PublicationCache;
  private readonly limiter = new ChannelRateLimiter();
  private readonly pool: TaskPool;
  /**
   * A new batch is claimed once fewer than this many claimed deliveries are unsettled, so a batch
   * is ready before the pool runs dry, and claims are always whole batches (at most about two
   * batches held at once).
   */
  private readonly claimBelow: number;
  /** A rate-limited delivery waits in memory at most this long; longer, it goes back to the table. */
  private readonly maxRateWaitMs: number;

  private readonly outstanding = new Map<string, ClaimedDelivery>();
  private readonly rateTimers = new Map<string, NodeJS.Timeout>();
  private readonly deferHorizon = new Map<string, number>();
  private readonly cancelled = new Set<string>();
  private readonly dirty = new Set<string>();
  private buffer: DeliveryOutcome[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly activeFlushes = new Set<Promise<void>>();
  /** After a failed write, the next one waits until then (the database may be down). */
  private flushRetryAt = 0;
  private rowsBeingWritten = 0;

  private lastRefreshAt = 0;
  private lastCancelCheckAt = 0;
  /** The last claim found nothing to send and nothing is held: statuses may be final. */
  private senderIdle = false;
  private running = false;
  private stopping = false;
  private loops: Promise<void>[] = [];
  /** Sleepers woken by a stop only, and sleepers also woken when a delivery settles. */
  private readonly sleepers = { stop: [] as (() => void)[], settle: [] as (() => void)[] };
  private stopped: Promise<void> | undefined;

  constructor(options: DeliveryWorkerOptions) {
    this.db = options.db;
    this.config = options.config;
    this.logger = options.logger ?? createLogger({ name: 'publishing-worker', level: 'silent' });
    this.events = options.events ?? ignoredEvents;
    this.adapters =
      options.adapters ??
      createChannelAdapters({
        concurrency: options.config.concurrency,
        sendTimeoutMs: options.config.sendTimeoutMs,
        targetPolicy: { allowPrivateTargets: options.config.allowPrivateTargets },
      });
    this.random = options.random ?? Math.random;
    this.cache = new PublicationCache(this.db);
    this.pool = new TaskPool(this.config.concurrency);
    this.claimBelow = Math.max(this.config.batchSize, this.config.concurrency);
    this.maxRateWaitMs = Math.min(this.config.leaseSeconds * 250, 10_000);
  }

  get workerId(): string {
    return this.config.workerId;
  }

  /**
   * Claimed deliveries not yet recorded: unsettled, or settled with the outcome still to be
   * written. New claims wait while this is high, so sending never runs ahead of recording (an
   * unrecorded send is sent again if this worker dies, and its lease keeps running meanwhile).
   */
  private get held(): number {
    return this.outstanding.size + this.buffer.length + this.rowsBeingWritten;
  }

  /** Deliveries this worker holds (claimed, not yet recorded), and sends running now. */
  get load(): { held: number; sending: number } {
    return { held: this.held, sending: this.pool.running };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.logger.info(
      {
        concurrency: this.config.concurrency,
        batch_size: this.config.batchSize,
        lease_seconds: this.config.leaseSeconds,
      },
      'worker started',
    );
    this.loops = [this.schedulerLoop(), this.senderLoop()];
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

  // ---------------------------------------------------------------- scheduler

  /** Claims and fans out every due publication. */
  async startDuePublications(): Promise<StartedPublication[]> {
    const started: StartedPublication[] = [];
    while (!this.stopping) {
      const publication = await startNextDuePublication(this.db, {
        maxLatenessSeconds: this.config.maxLatenessSeconds,
      });
      if (!publication) break;
      started.push(publication);
      this.dirty.add(publication.id);
      this.events.publicationStarted(publication);
      if (publication.status === 'failed') {
        this.logger.warn(
          {
            publication_id: publication.id,
            late_by_seconds: Math.round(publication.lateBySeconds),
          },
          'publication too late, not sent',
        );
      } else {
        this.logger.info(
          {
            publication_id: publication.id,
            deliveries_created: publication.deliveriesCreated,
          },
          'publication started',
        );
      }
    }
    return started;
  }

  /** Derives status and channel_results of publications this worker touched and of all in progress. */
  async refreshPublicationStatuses(): Promise<void> {
    this.lastRefreshAt = Date.now();
    const touched = [...this.dirty];
    this.dirty.clear();
    try {
      const ids = new Set([...touched, ...(await processingPublicationIds(this.db))]);
      const refreshed = await refreshPublications(this.db, [...ids]);
      for (const publication of refreshed) {
        if (publication.status !== 'processing' && touched.includes(publication.id)) {
          this.logger.info(
            {
              publication_id: publication.id,
              status: publication.status,
            },
            'publication status',
          );
        }
      }
    } catch (error) {
      for (const id of touched) this.dirty.add(id);
      throw error;
    }
  }

  private async schedulerLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.startDuePublications();
        const refreshDue = Date.now() - this.lastRefreshAt >= STATUS_REFRESH_MS;
        if (refreshDue || (this.senderIdle && this.dirty.size > 0))
          await this.refreshPublicationStatuses();
      } catch (error) {
        this.logger.error({ error: errorMessage(error) }, 'scheduler tick failed');
      }
      await this.sleep(this.config.pollIntervalMs);
    }
  }

  // ---------------------------------------------------------------- sender

  private async senderLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.held >= this.claimBelow) {
          // Held deliveries still get the cancel check once per poll interval.
          if (Date.now() - this.lastCancelCheckAt >= this.config.pollIntervalMs)
            await this.checkCancellations();
          await this.sleep(this.config.pollIntervalMs, true);
          continue;
        }
        await this.checkCancellations();
        const claimed = await claimDeliveries(this.db, {
          workerId: this.config.workerId,
          limit: this.config.batchSize,
          leaseSeconds: this.config.leaseSeconds,
        });
        for (const id of claimed.settledPublicationIds) this.dirty.add(id);
        this.senderIdle = claimed.sending.length === 0 && this.held === 0;
        if (claimed.sending.length === 0) {
          await this.sleep(this.config.pollIntervalMs);
          continue;
        }
        for (const delivery of claimed.sending) this.outstanding.set(delivery.id, delivery);
        await this.cache.load(
          claimed.sending.map((delivery) => delivery.publicationId),
          claimed.sending.map((delivery) => delivery.channelId),
        );
        for (const delivery of claimed.sending) this.dispatch(delivery);
      } catch (error) {
        this.logger.error({ error: errorMessage(error) }, 'claiming deliveries failed');
        await this.sleep(this.config.pollIntervalMs);
      }
    }
  }

  /**
   * Before each claim: publications of deliveries held here that were cancelled meanwhile. Their
   * held deliveries are not sent, and their pending ones are cancelled in the table at once.
   */
  private async checkCancellations(): Promise<void> {
    this.lastCancelCheckAt = Date.now();
    const held = new Set([...this.outstanding.values()].map((delivery) => delivery.publicationId));
    const newly = (await cancelledAmong(this.db, [...held])).filter(
      (id) => !this.cancelled.has(id),
    );
    for (const id of newly) {
      this.cancelled.add(id);
      const count = await cancelPendingDeliveries(this.db, id);
      this.dirty.add(id);
      this.logger.info(
        {
          publication_id: id,
          deliveries_cancelled: count,
        },
        'publication cancelled: sending stopped',
      );
    }
  }

  /** Rate limit first (waiting outside the pool, so a slow channel does not hold send slots). */
  private dispatch(delivery: ClaimedDelivery): void {
    const channel = this.cache.channel(delivery.channelId);
    if (!channel) {
      this.settle(delivery, {
        id: delivery.id,
        publicationId: delivery.publicationId,
        kind: 'failed',
        reason: 'missing_configuration',
        error: 'the channel no longer exists',
      });
      return;
    }
    const bucket = this.limiter.bucketFor(
      channel.id,
      rateLimitOf(channel.type, channel.configuration),
    );
    const waitMs = bucket.reserve(this.maxRateWaitMs);
    if (waitMs === undefined) {
      // Too far out to wait holding the claim: hand it back with a slot in the channel's future.
      const now = Date.now();
      const slot = Math.max(this.deferHorizon.get(channel.id) ?? 0, now + bucket.waitMs());
      this.deferHorizon.set(channel.id, slot + 1000 / bucket.ratePerSecond);
      this.settle(delivery, {
        id: delivery.id,
        publicationId: delivery.publicationId,
        kind: 'released',
        delayMs: slot - now,
      });
      return;
    }
    const enqueue = () =>
      this.pool.submit(
        () => this.send(delivery),
        () =>
          this.settle(delivery, {
            id: delivery.id,
            publicationId: delivery.publicationId,
            kind: 'released',
          }),
      );
    if (waitMs === 0) {
      enqueue();
      return;
    }
    const timer = setTimeout(() => {
      this.rateTimers.delete(delivery.id);
      enqueue();
    }, waitMs);
    this.rateTimers.set(delivery.id, timer);
  }

  private async send(delivery: ClaimedDelivery): Promise<void> {
    const base = { id: delivery.id, publicationId: delivery.publicationId };
    if (this.cancelled.has(delivery.publicationId)) {
      this.settle(delivery, { ...base, kind: 'cancelled' });
      return;
    }
    const publication = this.cache.publication(delivery.publicationId);
    const channel = this.cache.channel(delivery.channelId);
    if (!publication || !channel) {
      const error = 'the publication or the channel no longer exists';
      this.settle(delivery, { ...base, kind: 'failed', reason: 'not_found', error });
      return;
    }
    if (!isPushChannelType(channel.type)) {
      const error = `${channel.type} channels are read as feeds, not sent to`;
      this.settle(delivery, { ...base, kind: 'failed', reason: 'unsupported_channel', error });
      return;
    }
    try {
      const context: DeliveryContext = composeDelivery(
        delivery,
        publication,
        { ...channel, type: channel.type },
        this.config,
      );
      const result = await this.timedSend(channel.type, context);
      this.settle(delivery, { ...base, kind: 'sent', providerMessageId: result.providerMessageId });
    } catch (caught) {
      const error = asDeliveryError(caught);
      const exhausted = delivery.attempts >= this.config.maxAttempts;
      if (error.kind === 'permanent' || exhausted) {
        const message =
          error.kind === 'transient'
            ? `gave up after ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'} (WORKER_MAX_ATTEMPTS): ${error.message}`
            : error.message;
        this.settle(delivery, { ...base, kind: 'failed', reason: error.reason, error: message });
        this.logger.warn(
          {
            delivery_id: delivery.id,
            publication_id: delivery.publicationId,
            channel_id: delivery.channelId,
            reason: error.reason,
            attempts: delivery.attempts,
          },
          'delivery failed',
        );
        return;
      }
      const delay = retryDelayMs(
        { baseMs: this.config.retryBaseMs, maxMs: this.config.retryMaxMs },
        delivery.attempts,
        error.retryAfterMs,
        this.random,
      );
      this.settle(delivery, {
        ...base,
        kind: 'retry',
        reason: error.reason,
        error: error.message,
        delayMs: delay,
      });
      this.logger.debug(
        {
          delivery_id: delivery.id,
          reason: error.reason,
          attempts: delivery.attempts,
          retry_in_ms: delay,
        },
        'delivery will be retried',
      );
    }
  }

  private async timedSend(type: PushChannelType, context: DeliveryContext): Promise<SendResult> {
    const started = performance.now();
    try {
      return await this.adapters[type].send(context);
    } finally {
      this.events.sendFinished(type, (performance.now() - started) / 1000);
    }
  }

  private settle(delivery: ClaimedDelivery, outcome: DeliveryOutcome): void {
    this.outstanding.delete(delivery.id);
    this.events.deliverySettled(outcome, this.cache.channel(delivery.channelId)?.type ?? 'unknown');
    this.buffer.push(outcome);
    if (this.buffer.length >= FLUSH_SIZE) this.flush();
    else this.scheduleFlush(FLUSH_DELAY_MS);
    this.wake();
  }

  /** Starts writes of buffered outcomes, up to `MAX_CONCURRENT_FLUSHES` at once. */
  private flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    const wait = this.flushRetryAt - Date.now();
    if (wait > 0) {
      this.scheduleFlush(wait);
      return;
    }
    while (this.buffer.length > 0 && this.activeFlushes.size < MAX_CONCURRENT_FLUSHES) {
      const batch = this.buffer.splice(0, FLUSH_SIZE);
      this.rowsBeingWritten += batch.length;
      const write: Promise<void> = this.write(batch).finally(() => {
        this.rowsBeingWritten -= batch.length;
        this.activeFlushes.delete(write);
        this.wake();
        if (this.buffer.length >= FLUSH_SIZE) this.flush();
        else if (this.buffer.length > 0) this.scheduleFlush(FLUSH_DELAY_MS);
      });
      this.activeFlushes.add(write);
    }
  }

  private scheduleFlush(delayMs: number): void {
    this.flushTimer ??= setTimeout(() => this.flush(), delayMs);
  }

  /** One batch; on failure it goes back to the buffer for a later write. */
  private async write(batch: DeliveryOutcome[]): Promise<void> {
    try {
      const written = await recordOutcomes(this.db, this.config.workerId, batch);
      for (const outcome of batch) this.dirty.add(outcome.publicationId);
      const lost = batch.length - written.size;
      if (lost > 0) {
        this.logger.warn(
          {
            count: lost,
          },
          'outcomes dropped: their claims were retaken by another worker',
        );
      }
    } catch (error) {
      this.buffer.unshift(...batch);
      this.flushRetryAt = Date.now() + this.config.pollIntervalMs;
      this.logger.error(
        {
          error: errorMessage(error),
          count: batch.length,
        },
        'recording outcomes failed; will retry',
      );
    }
  }

  /** Writes everything buffered (a few tries), waiting for writes in progress. */
  private async drainOutcomes(): Promise<void> {
    for (
      let attempt = 0;
      attempt < 5 && (this.buffer.length > 0 || this.activeFlushes.size > 0);
      attempt += 1
    ) {
      this.flushRetryAt = 0;
      this.flush();
      while (this.activeFlushes.size > 0) await Promise.all([...this.activeFlushes]);
      if (this.buffer.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  // ---------------------------------------------------------------- lifecycle

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.wake(true);
    await Promise.all(this.loops);
    for (const [id, timer] of this.rateTimers) {
      clearTimeout(timer);
      const delivery = this.outstanding.get(id);
      if (delivery)
        this.settle(delivery, { id, publicationId: delivery.publicationId, kind: 'released' });
    }
    this.rateTimers.clear();
    const released = this.pool.clearQueue();
    let timeout: NodeJS.Timeout | undefined;
    const inFlightDone = await Promise.race([
      this.pool.onIdle().then(() => true),
      new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(false), this.config.shutdownTimeoutMs);
      }),
    ]);
    clearTimeout(timeout);
    await this.drainOutcomes();
    try {
      await this.refreshPublicationStatuses();
    } catch (error) {
      this.logger.error({ error: errorMessage(error) }, 'final status refresh failed');
    }
    for (const adapter of Object.values(this.adapters)) adapter.close?.();
    this.running = false;
    this.logger.info(
      {
        released_unstarted: released,
        in_flight_finished: inFlightDone,
        unwritten_outcomes: this.buffer.length,
      },
      'worker stopped',
    );
  }

  /** Sleeps up to `ms`; a stop wakes it early, and with `untilSettled` a settled delivery too. */
  private sleep(ms: number, untilSettled = false): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const kind = untilSettled ? 'settle' : 'stop';
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

  /** Wakes sleepers waiting for room (a delivery settled), or every sleeper on stop. */
  private wake(everyone = false): void {
    const waiters = everyone
      ? [...this.sleepers.stop, ...this.sleepers.settle]
      : [...this.sleepers.settle];
    for (const done of waiters) done();
  }
}
