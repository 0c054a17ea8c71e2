import type { PrismaClient } from '@publishing/db';
import type { Logger } from '@publishing/logging';
import {
  isPushChannelType,
  smtpConnectionsFor,
  unconfiguredFailure,
  type ChannelAdapters,
  type DeliveryContext,
  type PushChannelType,
  type SendResult,
} from '@publishing/channels';
import { Sleeper } from '../concurrency/sleeper';
import type { WorkerConfig } from '../config/worker-config';
import {
  claimDeliveries,
  type ChannelBudget,
  type ClaimedDelivery,
} from '../deliveries/claim-deliveries';
import { composeDelivery } from '../deliveries/compose-message';
import type { StartRequest } from '../deliveries/mark-started';
import { PublicationCache } from '../deliveries/publication-cache';
import { cancelledAmong, cancelPendingDeliveries } from '../deliveries/publication-status';
import type { DeliveryOutcome } from '../deliveries/record-outcomes';
import { errorMessage } from '../logging/error-message';
import type { OutcomeWriter } from '../outcomes/outcome-writer';
import { ChannelLimits } from '../rate-limit/channel-limits';
import { intervalMsOf } from '../rate-limit/send-slots';
import { windowCapacityOf } from '../rate-limit/send-window';
import { rateLimitOf } from '../rate-limit/rate-limit-of';
import type { WorkerEvents } from '../worker-events';
import { bookSlots, type ChannelGroup } from './book-slots';
import { ClaimHeartbeat } from './claim-heartbeat';
import { Dispatcher } from './dispatcher';
import { failureOutcome } from './failure-outcome';
import { StartGate } from './start-gate';

/**
 * Publications of held deliveries are checked for a cancel at most this often (the claim itself
 * cancels the rows it takes of a cancelled publication), so a cancel stops this worker's held
 * sends within about this long.
 */
const CANCEL_CHECK_INTERVAL_MS = 250;

/** After a claim that found little due, the channel's next claim waits at most this long. */
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
  private readonly dispatcher: Dispatcher;
  private readonly heartbeat: ClaimHeartbeat;
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
  private readonly cancelled = new Set<string>();
  /** Paced deliveries: their channel's window must let them through when they are about to go. */
  private readonly windows = new WeakMap<ClaimedDelivery, NonNullable<StartRequest['window']>>();
  /** Per channel, when it may claim again after a claim that found little. */
  private readonly claimPausedUntil = new Map<string, number>();
  /**
   * Per channel at its limit, when the slots it booked come within half the horizon: it claims no
   * more before, so it claims half a horizon's worth at a time instead of a few rows per pause
   * (each claim and booking is a statement on the shared queue; a channel at 100/s made ten a
   * second).
   */
  private readonly bookedAheadUntil = new Map<string, number>();
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
    this.dispatcher = new Dispatcher({
      concurrency: this.config.concurrency,
      lookahead: this.config.concurrency,
      ownPlacesOf: (channelId) => this.emailConnectionsOf(channelId),
      mark: (delivery) => this.markStarted(delivery),
      send: (delivery, started) => this.send(delivery, started),
      release: (delivery) =>
        this.settle(delivery, {
          id: delivery.id,
          publicationId: delivery.publicationId,
          kind: 'released',
        }),
    });
    this.heartbeat = new ClaimHeartbeat({
      db: this.db,
      workerId: this.config.workerId,
      claimLeaseSeconds: this.config.claimLeaseSeconds,
      logger: this.logger,
      unstarted: () =>
        [...this.outstanding.values()]
          .filter((delivery) => !this.started.has(delivery.id))
          .map((delivery) => ({ id: delivery.id, attempts: delivery.attempts })),
    });
    this.claimBelow = Math.max(this.config.batchSize, this.config.concurrency);
    this.horizonMs = (this.config.claimLeaseSeconds * 1000) / 2;
  }

  /** Claimed deliveries not yet recorded: unsettled, or settled with the outcome unwritten. */
  get held(): number {
    return this.outstanding.size + this.outcomes.unwritten;
  }

  /**
   * An email channel's own places in the pool: as many as its adapter's SMTP connections (enough
   * for its rate limit; more sends would only wait there). They are not taken from the shared
   * places, so slow SMTP dialogues never leave the other channels fewer.
   */
  private emailConnectionsOf(channelId: string): number | undefined {
    const channel = this.cache.channel(channelId);
    if (channel?.type !== 'email') return undefined;
    return smtpConnectionsFor(
      this.limits.of(channelId) ?? rateLimitOf(channel.type, channel.configuration),
    );
  }

  /** Sends running now. */
  get sending(): number {
    return this.dispatcher.running;
  }

  /** The last claim found nothing and nothing is held: statuses may be final. */
  get isIdle(): boolean {
    return this.idle;
  }

  start(): void {
    this.loop ??= this.run();
    this.heartbeat.start();
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
    this.heartbeat.stop();
    const released = this.dispatcher.stop();
    let timeout: NodeJS.Timeout | undefined;
    const inFlightFinished = await Promise.race([
      this.dispatcher.onIdle().then(() => true),
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
        const now = Date.now();
        // A channel below its mark claims a whole batch (within its rate limit), so claims stay
        // few and large however many deliveries settle in between; a channel whose last claim
        // found little waits out its pause, without holding back the claims of the others.
        const budgets = limits.map(({ channelId, limit }) => ({
          channelId,
          max:
            (readyByChannel.get(channelId) ?? 0) < this.claimBelow && this.mayClaim(channelId, now)
              ? this.config.batchSize
              : 0,
          intervalMs: intervalMsOf(limit),
          burst: limit.burst,
        }));
        if (Date.now() - this.lastCancelCheckAt >= CANCEL_CHECK_INTERVAL_MS)
          await this.checkCancellations();
        const full =
          this.outcomes.unwritten >= this.claimBelow || budgets.every((budget) => budget.max <= 0);
        if (full) {
          // Woken when a delivery settles (a channel may have dropped below its mark), else at
          // the end of the first pause or a poll interval.
          await this.sleeper.sleep(this.untilNextClaim(now), true);
          continue;
        }
        const claimed = await this.claim(budgets);
        this.idle = claimed.total === 0 && this.held === 0;
        // A claim cut at the batch size leaves every channel more to claim at once.
        if (claimed.total < this.config.batchSize)
          this.pauseSmallClaims(budgets, claimed.byChannel);
        else this.claimPausedUntil.clear();
      } catch (error) {
        this.logger.error({ error: errorMessage(error) }, 'claiming deliveries failed');
        await this.sleeper.sleep(this.config.pollIntervalMs);
      }
    }
  }

  /**
   * A channel that was asked for a batch and found nothing due waits a poll interval; one that
   * found less than half a batch (little due now, or only paced rows, a few per slot) waits a
   * short pause: claiming it again at once would spin on the database, and paced channels are
   * booked up to the horizon ahead, so the pause costs them nothing.
   */
  private pauseSmallClaims(budgets: ChannelBudget[], claimedByChannel: Map<string, number>): void {
    const now = Date.now();
    const shortPause = Math.min(
      this.config.pollIntervalMs,
      this.horizonMs / 2,
      SMALL_CLAIM_PAUSE_MS,
    );
    for (const { channelId, max } of budgets) {
      if (max <= 0) continue;
      const claimed = claimedByChannel.get(channelId) ?? 0;
      if (claimed === 0) this.claimPausedUntil.set(channelId, now + this.config.pollIntervalMs);
      else if (claimed < this.config.batchSize / 2)
        this.claimPausedUntil.set(channelId, now + shortPause);
      else this.claimPausedUntil.delete(channelId);
    }
  }

  private mayClaim(channelId: string, now: number): boolean {
    return (
      (this.claimPausedUntil.get(channelId) ?? 0) <= now &&
      (this.bookedAheadUntil.get(channelId) ?? 0) <= now
    );
  }

  /** Milliseconds until a paused channel may claim again, at most a poll interval. */
  private untilNextClaim(now: number): number {
    let wait = this.config.pollIntervalMs;
    for (const pauses of [this.claimPausedUntil, this.bookedAheadUntil])
      for (const until of pauses.values()) if (until > now) wait = Math.min(wait, until - now);
    return Math.max(1, wait);
  }

  /**
   * Per channel, the deliveries held here that are due to send (not waiting for a slot): each
   * channel claims up to `claimBelow` of them, whatever the others hold, so a slow channel's
   * backlog never stops the claims of the others.
   */
  private readyByChannel(): Map<string, number> {
    const ready = new Map<string, number>();
    for (const delivery of this.outstanding.values()) {
      if (this.dispatcher.isWaitingForSlot(delivery.id)) continue;
      ready.set(delivery.channelId, (ready.get(delivery.channelId) ?? 0) + 1);
    }
    return ready;
  }

  /** One claim: per channel within its budget, then slots booked and sends scheduled. */
  private async claim(
    budgets: ChannelBudget[],
  ): Promise<{ total: number; byChannel: Map<string, number> }> {
    const claimed = await claimDeliveries(this.db, {
      workerId: this.config.workerId,
      limit: this.config.batchSize,
      leaseSeconds: this.config.claimLeaseSeconds,
      horizonMs: this.horizonMs,
      budgets,
    });
    for (const id of claimed.settledPublicationIds) this.onTouched(id);
    this.events.deliveriesClaimed(claimed.sending.length);
    const byChannel = new Map<string, number>();
    for (const delivery of claimed.sending)
      byChannel.set(delivery.channelId, (byChannel.get(delivery.channelId) ?? 0) + 1);
    if (claimed.sending.length === 0) return { total: 0, byChannel };
    for (const delivery of claimed.sending) this.outstanding.set(delivery.id, delivery);
    await this.cache.load(
      claimed.sending.map((delivery) => delivery.publicationId),
      claimed.sending.map((delivery) => delivery.channelId),
    );
    await this.bookSlots(claimed.sending);
    return { total: claimed.sending.length, byChannel };
  }

  /** Books each delivery a shared slot of its channel and dispatches it there. */
  private async bookSlots(deliveries: ClaimedDelivery[]): Promise<void> {
    const groups = new Map<string, ChannelGroup>();
    for (const delivery of deliveries) {
      const channel = this.cache.channel(delivery.channelId);
      if (!channel) {
        this.settle(delivery, {
          id: delivery.id,
          publicationId: delivery.publicationId,
          kind: 'failed',
          reason: 'missing_configuration',
          error: 'the channel no longer exists',
        });
        continue;
      }
      const group = groups.get(delivery.channelId);
      if (group) group.deliveries.push(delivery);
      else
        groups.set(delivery.channelId, {
          limit: rateLimitOf(channel.type, channel.configuration),
          deliveries: [delivery],
        });
    }
    let plan;
    try {
      plan = await bookSlots(this.db, groups, this.horizonMs, this.config.pollIntervalMs);
    } catch (error) {
      for (const group of groups.values())
        for (const held of group.deliveries)
          this.settle(held, { id: held.id, publicationId: held.publicationId, kind: 'released' });
      throw error;
    }
    for (const { delivery, delayMs } of plan.deferred)
      this.settle(delivery, {
        id: delivery.id,
        publicationId: delivery.publicationId,
        kind: 'released',
        delayMs,
      });
    const bookedAt = Date.now();
    for (const channelId of groups.keys()) this.bookedAheadUntil.delete(channelId);
    for (const { delivery, waitMs, paced } of plan.booked) {
      if (paced) {
        const { limit } = groups.get(delivery.channelId)!;
        this.windows.set(delivery, {
          channelId: delivery.channelId,
          capacity: windowCapacityOf(limit),
        });
        const until = bookedAt + waitMs - this.horizonMs / 2;
        if (until > (this.bookedAheadUntil.get(delivery.channelId) ?? 0))
          this.bookedAheadUntil.set(delivery.channelId, until);
      }
      this.dispatcher.at(delivery, waitMs);
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
      this.onTouched(id);
      this.logger.info(
        { publication_id: id, deliveries_cancelled: count },
        'publication cancelled: sending stopped',
      );
    }
  }

  private async send(delivery: ClaimedDelivery, started: Promise<boolean>): Promise<void> {
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
    if (!(await started)) return;
    try {
      const result = await this.timedSend(channel.type, context);
      this.settle(delivery, { ...base, kind: 'sent', providerMessageId: result.providerMessageId });
    } catch (caught) {
      this.fail(delivery, caught);
    }
  }

  /**
   * Never sends without a successful mark: a claim that expired and was retaken elsewhere is
   * dropped here (the other worker owns it now), and a failed mark hands the delivery back. So
   * does a paced delivery its channel's window held back: a second's worth of the channel's sends
   * just went (this one is late: sent now, it would bunch with punctual ones). It goes back to
   * `pending` and is booked a new slot; only a channel sending at its limit holds sends back, so
   * a late channel is never starved.
   */
  private async markStarted(delivery: ClaimedDelivery): Promise<boolean> {
    try {
      const verdict = await this.gate.mark({
        id: delivery.id,
        attempts: delivery.attempts,
        window: this.windows.get(delivery),
      });
      if (verdict === 'started') {
        if (this.holds(delivery)) this.started.add(delivery.id);
        return true;
      }
      if (verdict === 'refused') {
        this.settle(delivery, {
          id: delivery.id,
          publicationId: delivery.publicationId,
          kind: 'released',
          windowFull: true,
        });
        return false;
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
    if (this.holds(delivery)) this.outstanding.delete(delivery.id);
    this.logger.warn(
      { delivery_id: delivery.id, publication_id: delivery.publicationId },
      'claim expired and was retaken before its send started: not sent here',
    );
    this.wake();
    return false;
  }

  private fail(delivery: ClaimedDelivery, caught: unknown): void {
    const outcome = failureOutcome(delivery, caught, { ...this.config, random: this.random });
    this.settle(delivery, outcome);
    const details = {
      delivery_id: delivery.id,
      publication_id: delivery.publicationId,
      channel_id: delivery.channelId,
      reason: outcome.reason,
      attempts: delivery.attempts,
    };
    if (outcome.kind === 'failed') this.logger.warn(details, 'delivery failed');
    else
      this.logger.debug({ ...details, retry_in_ms: outcome.delayMs }, 'delivery will be retried');
  }

  private async timedSend(type: PushChannelType, context: DeliveryContext): Promise<SendResult> {
    const started = performance.now();
    try {
      return await this.adapters[type].send(context);
    } finally {
      this.events.sendFinished(type, (performance.now() - started) / 1000);
    }
  }

  /**
   * Whether `delivery` is this worker's current claim of its row. A claim that expired while it
   * waited may be retaken by this same worker (one more attempt, a new entry under the same id):
   * the stale entry must neither settle nor drop the new one, or the new claim's outcome is lost,
   * its row stays `sending` until the send lease expires, and it is sent a second time.
   */
  private holds(delivery: ClaimedDelivery): boolean {
    return this.outstanding.get(delivery.id) === delivery;
  }

  /** Records a delivery's outcome once: a delivery no longer held here has none to record. */
  private settle(delivery: ClaimedDelivery, outcome: DeliveryOutcome): void {
    if (!this.holds(delivery)) return;
    this.outstanding.delete(delivery.id);
    this.started.delete(delivery.id);
    this.events.deliverySettled(outcome, this.cache.channel(delivery.channelId)?.type ?? 'unknown');
    this.outcomes.add(outcome);
    this.wake();
  }
}
