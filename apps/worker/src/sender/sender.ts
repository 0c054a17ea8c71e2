import type { PrismaClient } from '@publishing/db';
import type { Logger } from '@publishing/logging';
import {
  asDeliveryError,
  isPushChannelType,
  unconfiguredFailure,
  type ChannelAdapters,
  type DeliveryContext,
  type PushChannelType,
  type SendResult,
} from '@publishing/channels';
import { Sleeper } from '../concurrency/sleeper';
import { TaskPool } from '../concurrency/task-pool';
import type { WorkerConfig } from '../config/worker-config';
import { retryDelayMs } from '../deliveries/backoff';
import {
  claimDeliveries,
  type ChannelBudget,
  type ClaimedDelivery,
} from '../deliveries/claim-deliveries';
import { composeDelivery } from '../deliveries/compose-message';
import { extendClaims } from '../deliveries/extend-claims';
import { PublicationCache } from '../deliveries/publication-cache';
import { cancelledAmong, cancelPendingDeliveries } from '../deliveries/publication-status';
import type { DeliveryOutcome } from '../deliveries/record-outcomes';
import { errorMessage } from '../logging/error-message';
import type { OutcomeWriter } from '../outcomes/outcome-writer';
import { ChannelLimits } from '../rate-limit/channel-limits';
import { intervalMsOf, reserveSendSlots } from '../rate-limit/send-slots';
import { rateLimitOf } from '../rate-limit/rate-limit-of';
import type { WorkerEvents } from '../worker-events';
import { StartGate } from './start-gate';

/**
 * Sends of one email channel running at once: its adapter sends over a pool of at most 5 SMTP
 * connections, so more would only wait there while holding places other channels could use.
 */
const EMAIL_SENDS_PER_CHANNEL = 10;

/** After a claim that found little due, the next claim waits at most this long. */
const SMALL_CLAIM_PAUSE_MS = 100;

export interface SenderOptions {
  db: PrismaClient;
  config: WorkerConfig;
  logger: Logger;
  events: WorkerEvents;
  adapters: ChannelAdapters;
  outcomes: OutcomeWriter;
  random: () => number;
  /** Told of each publication whose deliveries the sender settled or the claim skipped. */
  onTouched: (publicationId: string) => void;
}

/**
 * Claims due deliveries and sends them:
 * - claims per channel, each channel at most what its shared rate limit can send within half the
 *   claim lease (the horizon), so a rate-limited or slow channel never holds the claim budget of
 *   the others; deliveries waiting for their channel's slot do not count against that budget;
 * - books each claimed delivery a send slot shared with every worker (`reserveSendSlots`); what
 *   another worker booked first goes back to `pending` for the channel's next free slot;
 * - at its slot, a delivery takes a place in the pool (`WORKER_CONCURRENCY`), is marked started
 *   (its claim extended to the send lease, only if still this worker's: else it is not sent) and
 *   sent; its outcome goes to the `OutcomeWriter`.
 */
export class Sender {
  private readonly db: PrismaClient;
  private readonly config: WorkerConfig;
  private readonly logger: Logger;
  private readonly events: WorkerEvents;
  private readonly adapters: ChannelAdapters;
  private readonly outcomes: OutcomeWriter;
  private readonly random: () => number;
  private readonly onTouched: (publicationId: string) => void;
  private readonly cache: PublicationCache;
  private readonly limits: ChannelLimits;
  private readonly gate: StartGate;
  private readonly pool: TaskPool;
  private readonly sleeper = new Sleeper();
  /**
   * A channel claims again once fewer than this many of its claimed deliveries are unsettled
   * (not counting those waiting for a rate-limit slot), so a batch is ready before the pool runs
   * dry; the pool shares its places fairly between channels.
   */
  private readonly claimBelow: number;
  /** Slots are booked at most this far ahead: a delivery starts well within its claim lease. */
  private readonly horizonMs: number;

  private readonly outstanding = new Map<string, ClaimedDelivery>();
  /** Outstanding deliveries whose send started (their lease is the send lease). */
  private readonly started = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private heartbeatRunning = false;
  private readonly slotTimers = new Map<string, NodeJS.Timeout>();
  private readonly cancelled = new Set<string>();
  private lastCancelCheckAt = 0;
  private idle = false;
  private loop: Promise<void> | undefined;

  constructor(options: SenderOptions) {
    this.db = options.db;
    this.config = options.config;
    this.logger = options.logger;
    this.events = options.events;
    this.adapters = options.adapters;
    this.outcomes = options.outcomes;
    this.random = options.random;
    this.onTouched = options.onTouched;
    this.cache = new PublicationCache(this.db);
    this.limits = new ChannelLimits(this.db);
    this.gate = new StartGate(this.db, this.config.workerId, this.config.leaseSeconds);
    this.pool = new TaskPool(this.config.concurrency);
    this.claimBelow = Math.max(this.config.batchSize, this.config.concurrency);
    this.horizonMs = (this.config.claimLeaseSeconds * 1000) / 2;
  }

  /** Claimed deliveries not yet recorded: unsettled, or settled with the outcome unwritten. */
  get held(): number {
    return this.outstanding.size + this.outcomes.unwritten;
  }

  /** Sends running now. */
  get sending(): number {
    return this.pool.running;
  }

  /** The last claim found nothing and nothing is held: statuses may be final. */
  get isIdle(): boolean {
    return this.idle;
  }

  start(): void {
    this.loop ??= this.run();
    this.heartbeat ??= setInterval(
      () => void this.renewClaims(),
      (this.config.claimLeaseSeconds * 1000) / 3,
    );
  }

  /** Wakes the claim loop: a delivery settled or an outcome was written, there may be room. */
  wake(): void {
    this.sleeper.wake();
  }

  /**
   * Stops claiming; deliveries waiting for a slot or a place in the pool are handed back
   * (`released`); sends in flight finish, up to `shutdownTimeoutMs`.
   */
  async stop(): Promise<{ released: number; inFlightFinished: boolean }> {
    this.sleeper.stop();
    await this.loop;
    clearInterval(this.heartbeat);
    let released = 0;
    for (const [id, timer] of this.slotTimers) {
      clearTimeout(timer);
      const delivery = this.outstanding.get(id);
      if (delivery) {
        this.settle(delivery, { id, publicationId: delivery.publicationId, kind: 'released' });
        released += 1;
      }
    }
    this.slotTimers.clear();
    released += this.pool.clearQueue();
    let timeout: NodeJS.Timeout | undefined;
    const inFlightFinished = await Promise.race([
      this.pool.onIdle().then(() => true),
      new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(false), this.config.shutdownTimeoutMs);
      }),
    ]);
    clearTimeout(timeout);
    return { released, inFlightFinished };
  }

  private async run(): Promise<void> {
    while (!this.sleeper.isStopped) {
      try {
        const limits = await this.limits.current();
        const readyByChannel = this.readyByChannel();
        // A channel below its mark claims a whole batch (within its rate limit), so claims stay
        // few and large however many deliveries settle in between.
        const budgets = limits.map(({ channelId, limit }) => ({
          channelId,
          max: (readyByChannel.get(channelId) ?? 0) < this.claimBelow ? this.config.batchSize : 0,
          intervalMs: intervalMsOf(limit),
          burst: limit.burst,
        }));
        const full =
          this.outcomes.unwritten >= this.claimBelow || budgets.every((budget) => budget.max <= 0);
        if (full) {
          // Held deliveries still get the cancel check once per poll interval.
          if (Date.now() - this.lastCancelCheckAt >= this.config.pollIntervalMs)
            await this.checkCancellations();
          await this.sleeper.sleep(this.config.pollIntervalMs, true);
          continue;
        }
        await this.checkCancellations();
        const claimed = await this.claim(budgets);
        this.idle = claimed === 0 && this.held === 0;
        // Nothing due: wait a poll interval. A small claim means little is due now (or only
        // paced rows, a few per slot): claiming again at once would spin on the database, and
        // paced channels are booked up to the horizon ahead, so a short pause costs nothing.
        if (claimed === 0) await this.sleeper.sleep(this.config.pollIntervalMs);
        else if (claimed < this.config.batchSize / 2)
          await this.sleeper.sleep(
            Math.min(this.config.pollIntervalMs, this.horizonMs / 2, SMALL_CLAIM_PAUSE_MS),
          );
      } catch (error) {
        this.logger.error({ error: errorMessage(error) }, 'claiming deliveries failed');
        await this.sleeper.sleep(this.config.pollIntervalMs);
      }
    }
  }

  /**
   * Every third of the claim lease: renews the claims held here and not started, so a delivery
   * waiting for its slot or a place in the pool keeps its claim while this worker lives, and
   * comes back within one claim lease when it dies.
   */
  private async renewClaims(): Promise<void> {
    if (this.heartbeatRunning) return;
    this.heartbeatRunning = true;
    try {
      const held = [...this.outstanding.values()]
        .filter((delivery) => !this.started.has(delivery.id))
        .map((delivery) => ({ id: delivery.id, attempts: delivery.attempts }));
      await extendClaims(this.db, this.config.workerId, this.config.claimLeaseSeconds, held);
    } catch (error) {
      this.logger.error({ error: errorMessage(error) }, 'renewing claims failed');
    } finally {
      this.heartbeatRunning = false;
    }
  }

  /**
   * Per channel, the deliveries held here that are due to send (not waiting for a slot): each
   * channel claims up to `claimBelow` of them, whatever the others hold, so a slow channel's
   * backlog never stops the claims of the others.
   */
  private readyByChannel(): Map<string, number> {
    const ready = new Map<string, number>();
    for (const delivery of this.outstanding.values()) {
      if (this.slotTimers.has(delivery.id)) continue;
      ready.set(delivery.channelId, (ready.get(delivery.channelId) ?? 0) + 1);
    }
    return ready;
  }

  /** One claim: per channel within its budget, then slots booked and sends scheduled. */
  private async claim(budgets: ChannelBudget[]): Promise<number> {
    const claimed = await claimDeliveries(this.db, {
      workerId: this.config.workerId,
      limit: this.config.batchSize,
      leaseSeconds: this.config.claimLeaseSeconds,
      horizonMs: this.horizonMs,
      budgets,
    });
    for (const id of claimed.settledPublicationIds) this.onTouched(id);
    if (claimed.sending.length === 0) return 0;
    for (const delivery of claimed.sending) this.outstanding.set(delivery.id, delivery);
    await this.cache.load(
      claimed.sending.map((delivery) => delivery.publicationId),
      claimed.sending.map((delivery) => delivery.channelId),
    );
    await this.bookSlots(claimed.sending);
    return claimed.sending.length;
  }

  /** Books each delivery a shared slot of its channel and schedules it there. */
  private async bookSlots(deliveries: ClaimedDelivery[]): Promise<void> {
    const byChannel = new Map<string, ClaimedDelivery[]>();
    for (const delivery of deliveries) {
      if (!this.cache.channel(delivery.channelId)) {
        this.settle(delivery, {
          id: delivery.id,
          publicationId: delivery.publicationId,
          kind: 'failed',
          reason: 'missing_configuration',
          error: 'the channel no longer exists',
        });
        continue;
      }
      const group = byChannel.get(delivery.channelId) ?? [];
      group.push(delivery);
      byChannel.set(delivery.channelId, group);
    }
    let grants;
    try {
      grants = await reserveSendSlots(
        this.db,
        [...byChannel].map(([channelId, group]) => {
          const channel = this.cache.channel(channelId)!;
          return {
            channelId,
            wanted: group.length,
            limit: rateLimitOf(channel.type, channel.configuration),
          };
        }),
        this.horizonMs,
      );
    } catch (error) {
      for (const delivery of byChannel.values())
        for (const held of delivery)
          this.settle(held, { id: held.id, publicationId: held.publicationId, kind: 'released' });
      throw error;
    }
    for (const [channelId, group] of byChannel) {
      const grant = grants.get(channelId);
      group.forEach((delivery, index) => {
        if (!grant || index >= grant.granted) {
          // Another worker booked the channel's slots first: back to the table for a later one.
          this.settle(delivery, {
            id: delivery.id,
            publicationId: delivery.publicationId,
            kind: 'released',
            delayMs: Math.max(0, grant?.nextFreeInMs ?? this.config.pollIntervalMs),
          });
          return;
        }
        this.dispatchAt(delivery, grant.firstInMs + index * grant.intervalMs);
      });
    }
  }

  private dispatchAt(delivery: ClaimedDelivery, waitMs: number): void {
    const enqueue = () => {
      // A delivery about to get a place in the pool is marked at once, so the mark's round trip
      // overlaps the sends before it; one further back is marked when its turn comes, so an
      // unsent delivery rarely holds the long send lease.
      const early =
        this.pool.size < this.config.concurrency ? this.markStarted(delivery) : undefined;
      this.pool.submit(
        () => this.send(delivery, early),
        () =>
          this.settle(delivery, {
            id: delivery.id,
            publicationId: delivery.publicationId,
            kind: 'released',
          }),
        delivery.channelId,
        this.cache.channel(delivery.channelId)?.type === 'email'
          ? EMAIL_SENDS_PER_CHANNEL
          : undefined,
      );
    };
    if (waitMs < 1) {
      enqueue();
      return;
    }
    const timer = setTimeout(() => {
      this.slotTimers.delete(delivery.id);
      enqueue();
      this.wake();
    }, Math.ceil(waitMs));
    this.slotTimers.set(delivery.id, timer);
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
      this.onTouched(id);
      this.logger.info(
        { publication_id: id, deliveries_cancelled: count },
        'publication cancelled: sending stopped',
      );
    }
  }

  private async send(delivery: ClaimedDelivery, early?: Promise<boolean>): Promise<void> {
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
    const unconfigured = unconfiguredFailure(channel);
    if (unconfigured) {
      this.settle(delivery, {
        ...base,
        kind: 'failed',
        reason: unconfigured.reason,
        error: unconfigured.message,
      });
      return;
    }
    let context: DeliveryContext;
    try {
      context = composeDelivery(
        delivery,
        publication,
        { ...channel, type: channel.type },
        this.config,
      );
    } catch (caught) {
      this.fail(delivery, caught);
      return;
    }
    if (!(await (early ?? this.markStarted(delivery)))) return;
    try {
      const result = await this.timedSend(channel.type, context);
      this.settle(delivery, { ...base, kind: 'sent', providerMessageId: result.providerMessageId });
    } catch (caught) {
      this.fail(delivery, caught);
    }
  }

  /**
   * Never sends without a successful mark: a claim that expired and was retaken elsewhere is
   * dropped here (the other worker owns it now), and a failed mark hands the delivery back.
   */
  private async markStarted(delivery: ClaimedDelivery): Promise<boolean> {
    try {
      if (await this.gate.mark({ id: delivery.id, attempts: delivery.attempts })) {
        if (this.outstanding.has(delivery.id)) this.started.add(delivery.id);
        return true;
      }
    } catch (error) {
      this.logger.error(
        { error: errorMessage(error), delivery_id: delivery.id },
        'marking a send as started failed; handed back',
      );
      this.settle(delivery, {
        id: delivery.id,
        publicationId: delivery.publicationId,
        kind: 'released',
      });
      return false;
    }
    this.outstanding.delete(delivery.id);
    this.logger.warn(
      { delivery_id: delivery.id, publication_id: delivery.publicationId },
      'claim expired and was retaken before its send started: not sent here',
    );
    this.wake();
    return false;
  }

  private fail(delivery: ClaimedDelivery, caught: unknown): void {
    const base = { id: delivery.id, publicationId: delivery.publicationId };
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

  private async timedSend(type: PushChannelType, context: DeliveryContext): Promise<SendResult> {
    const started = performance.now();
    try {
      return await this.adapters[type].send(context);
    } finally {
      this.events.sendFinished(type, (performance.now() - started) / 1000);
    }
  }

  /** Records a delivery's outcome once: a delivery no longer held here has none to record. */
  private settle(delivery: ClaimedDelivery, outcome: DeliveryOutcome): void {
    if (!this.outstanding.delete(delivery.id)) return;
    this.started.delete(delivery.id);
    this.events.deliverySettled(outcome, this.cache.channel(delivery.channelId)?.type ?? 'unknown');
    this.outcomes.add(outcome);
    this.wake();
  }
}
