import { connectionPoolStats, type PrismaClient } from '@publishing/db';
import { createMetricsRegistry, registerConnectionPoolMetrics } from '@publishing/metrics';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DeliveryOutcome } from '../deliveries/record-outcomes';
import { queueDepth, type QueueDepth } from '../deliveries/queue-depth';
import type { Logger } from '@publishing/logging';
import { errorMessage } from '../logging/error-message';
import type { StartedPublication } from '../scheduler/claim-due-publications';
import type { WorkerEvents } from '../worker-events';

/** Every series the worker exports starts with this. */
export const WORKER_METRICS_PREFIX = 'publishing_worker_';

const prefixed = (name: string) => `${WORKER_METRICS_PREFIX}${name}`;

/**
 * The worker's Prometheus metrics. Counters and histograms follow the worker's events (claims,
 * sends, outcomes); gauges are read at each scrape: what this worker holds (`watch`), its pool,
 * and the queue in the table (one count query per scrape; every worker reports the same queue,
 * so aggregate it with max, not sum).
 */
export class WorkerMetrics implements WorkerEvents {
  readonly registry: Registry = createMetricsRegistry(WORKER_METRICS_PREFIX);
  private load: () => { held: number; sending: number } = () => ({ held: 0, sending: 0 });

  private readonly sent = new Counter({
    name: prefixed('deliveries_sent_total'),
    help: 'Deliveries sent, by channel type.',
    labelNames: ['channel_type'],
    registers: [this.registry],
  });
  private readonly failed = new Counter({
    name: prefixed('deliveries_failed_total'),
    help: 'Deliveries failed for good (permanent failure, or no attempt left), by channel type and reason.',
    labelNames: ['channel_type', 'reason'],
    registers: [this.registry],
  });
  private readonly retried = new Counter({
    name: prefixed('deliveries_retried_total'),
    help: 'Transient send failures put back to pending for another attempt, by channel type and reason.',
    labelNames: ['channel_type', 'reason'],
    registers: [this.registry],
  });
  private readonly heldBack = new Counter({
    name: prefixed('sends_held_back_total'),
    help: "Rate-limited sends held back at their slot because their channel's last second was full (late sends that would have bunched), handed back to be booked again, by channel type.",
    labelNames: ['channel_type'],
    registers: [this.registry],
  });
  private readonly claims = new Counter({
    name: prefixed('delivery_claims_total'),
    help: 'Claim statements this worker ran (each takes due deliveries of every channel with room).',
    registers: [this.registry],
  });
  private readonly claimed = new Counter({
    name: prefixed('deliveries_claimed_total'),
    help: 'Deliveries this worker claimed to send (a retaken claim counts again).',
    registers: [this.registry],
  });
  private readonly sendDuration = new Histogram({
    name: prefixed('send_duration_seconds'),
    help: 'Time a channel adapter took to send one delivery (success or failure), by channel type.',
    labelNames: ['channel_type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly claimLag = new Histogram({
    name: prefixed('publication_claim_lag_seconds'),
    help: 'How late a due publication was (since its scheduled time) when a worker claimed it.',
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21_600],
    registers: [this.registry],
  });

  constructor(db: PrismaClient, logger: Logger) {
    registerConnectionPoolMetrics(this.registry, WORKER_METRICS_PREFIX, () =>
      connectionPoolStats(db),
    );
    const inFlight: Gauge = new Gauge({
      name: prefixed('deliveries_in_flight'),
      help: 'Deliveries this worker has claimed and not yet recorded (waiting, sending, or written next).',
      registers: [this.registry],
      collect: () => {
        inFlight.set(this.load().held);
      },
    });
    const sending: Gauge = new Gauge({
      name: prefixed('sends_in_progress'),
      help: 'Sends running in this worker now (at most WORKER_CONCURRENCY).',
      registers: [this.registry],
      collect: () => {
        sending.set(this.load().sending);
      },
    });
    const queue: Gauge<'state'> = new Gauge({
      name: prefixed('queue_depth'),
      help: 'Deliveries in the queue table, all workers together: pending (due or backing off), due (pending and due now), claimed (being sent).',
      labelNames: ['state'],
      registers: [this.registry],
      collect: async () => {
        let depth: QueueDepth;
        try {
          depth = await queueDepth(db);
        } catch (error) {
          // Left out of this scrape rather than failing it: the other series are still true.
          queue.reset();
          logger.warn({ error: errorMessage(error) }, 'reading the queue depth for metrics failed');
          return;
        }
        for (const state of ['pending', 'due', 'claimed'] as const)
          queue.set({ state }, depth[state]);
      },
    });
  }

  /** The worker whose held deliveries and running sends the gauges report. */
  watch(worker: { readonly load: { held: number; sending: number } }): void {
    this.load = () => worker.load;
  }

  publicationStarted(publication: StartedPublication): void {
    this.claimLag.observe(Math.max(0, publication.lateBySeconds));
  }

  sendFinished(channelType: string, seconds: number): void {
    this.sendDuration.observe({ channel_type: channelType }, seconds);
  }

  deliveriesClaimed(deliveries: number): void {
    this.claims.inc();
    this.claimed.inc(deliveries);
  }

  deliverySettled(outcome: DeliveryOutcome, channelType: string): void {
    switch (outcome.kind) {
      case 'sent':
        this.sent.inc({ channel_type: channelType });
        return;
      case 'failed':
        this.failed.inc({ channel_type: channelType, reason: outcome.reason });
        return;
      case 'retry':
        this.retried.inc({ channel_type: channelType, reason: outcome.reason });
        return;
      // Released (handed back unattempted) and cancelled deliveries were never sent.
      case 'released':
        if (outcome.windowFull) this.heldBack.inc({ channel_type: channelType });
        return;
      case 'cancelled':
        return;
    }
  }
}
