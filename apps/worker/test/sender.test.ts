import { createChannelAdapters } from '@publishing/channels';
import { createLogger } from '@publishing/logging';
import { insertChannel, insertPublication, insertSubscriber } from '@publishing/testing';
import type { WorkerConfig } from '../src/config/worker-config';
import { OutcomeWriter } from '../src/outcomes/outcome-writer';
import { startNextDuePublication } from '../src/scheduler/claim-due-publications';
import { Sender } from '../src/sender/sender';
import { ignoredEvents, type WorkerEvents } from '../src/worker-events';
import { testConfig, waitFor } from './support/fixtures';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const env = useWorkerTestEnvironment({ http: true });
const { http } = env;

function senderWith(config: WorkerConfig, events: WorkerEvents = ignoredEvents) {
  const logger = createLogger({ name: 'test', level: 'silent' });
  const touched = new Set<string>();
  const outcomes = new OutcomeWriter({
    db: env.db,
    workerId: config.workerId,
    logger,
    retryDelayMs: 20,
  });
  const sender = new Sender({
    db: env.db,
    config,
    logger,
    events,
    adapters: createChannelAdapters({
      concurrency: config.concurrency,
      sendTimeoutMs: config.sendTimeoutMs,
      targetPolicy: { allowPrivateTargets: true },
    }),
    outcomes,
    random: () => 0.5,
    onTouched: (id) => touched.add(id),
  });
  return { sender, outcomes, touched };
}

async function fannedOutPublication(path: string, readers: number, rate: number) {
  const channel = await insertChannel(env.db, {
    channelType: 'webhook',
    configuration: { url: http.url(path), rate_limit_per_second: rate },
  });
  for (let index = 0; index < readers; index += 1)
    await insertSubscriber(env.db, { channelIds: [channel.id] });
  const publication = await insertPublication(env.db, { channelIds: [channel.id] });
  await startNextDuePublication(env.db, { maxLatenessSeconds: 0 });
  return publication.id;
}

describe('Sender', () => {
  it('claims, sends and hands each outcome to the writer', async () => {
    const publicationId = await fannedOutPublication('/hooks/sender', 6, 1000);
    const { sender, outcomes } = senderWith(testConfig(env.databaseUrl));
    sender.start();
    try {
      await waitFor(
        'every delivery written as sent',
        async () =>
          (await env.db.delivery.count({ where: { publicationId, status: 'sent' } })) === 6 ||
          undefined,
      );
    } finally {
      await sender.stop();
      await outcomes.drain();
    }
    expect(http.requestsTo('/hooks/sender')).toHaveLength(6);
    expect(sender.held).toBe(0);
  });

  it('does not send a delivery whose claim was retaken while it waited for its slot', async () => {
    // 1/s with a 4 s claim lease: the claim books slots at 0, 1 and 2 s.
    const publicationId = await fannedOutPublication('/hooks/retaken-early', 3, 1);
    const config = testConfig(env.databaseUrl, { WORKER_CLAIM_LEASE_SECONDS: '4' });
    const { sender, outcomes } = senderWith(config);
    sender.start();
    try {
      await waitFor(
        'the first send',
        () => http.requestsTo('/hooks/retaken-early').length === 1 || undefined,
      );
      // The others' claims "expired" and another worker retook them (a new attempt).
      const sentId = String(
        http.requestsTo('/hooks/retaken-early')[0]!.headers['x-publishing-delivery'],
      );
      const retaken = await env.db.$executeRaw`
        UPDATE publishing_deliveries
           SET claimed_by = 'other-worker', attempts = attempts + 1
         WHERE publication_id = ${publicationId}::uuid AND status = 'sending'
           AND claimed_by = ${config.workerId} AND id <> ${sentId}::uuid`;
      expect(retaken).toBe(2);
      // Their slots pass (1 s and 2 s after the first).
      await new Promise((resolve) => setTimeout(resolve, 2500));
    } finally {
      await sender.stop();
      await outcomes.drain();
    }
    expect(http.requestsTo('/hooks/retaken-early')).toHaveLength(1);
    const rows = await env.db.delivery.findMany({ where: { publicationId } });
    expect(rows.filter((row) => row.claimedBy === 'other-worker')).toHaveLength(2);
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(1);
  });

  it('sends once a delivery whose expired claim it retook itself while the old claim waited for its slot', async () => {
    // 1/s with a 10 s claim lease: the claim books slots at 0, 1 and 2 s, and may book up to 5 s.
    const publicationId = await fannedOutPublication('/hooks/retaken-here', 3, 1);
    const config = testConfig(env.databaseUrl, { WORKER_CLAIM_LEASE_SECONDS: '10' });
    const { sender, outcomes } = senderWith(config);
    sender.start();
    try {
      await waitFor(
        'the first send',
        () => http.requestsTo('/hooks/retaken-here').length === 1 || undefined,
      );
      // The two waiting claims expire (a stalled heartbeat): this worker's next claim retakes
      // them as new attempts while the old ones still wait for their slots.
      const sentId = String(
        http.requestsTo('/hooks/retaken-here')[0]!.headers['x-publishing-delivery'],
      );
      const expired = await env.db.$executeRaw`
        UPDATE publishing_deliveries SET claim_expires_at = now() - interval '1 second'
         WHERE publication_id = ${publicationId}::uuid AND status = 'sending'
           AND id <> ${sentId}::uuid`;
      expect(expired).toBe(2);
      await waitFor(
        'every delivery written as sent',
        async () =>
          (await env.db.delivery.count({ where: { publicationId, status: 'sent' } })) === 3 ||
          undefined,
      );
    } finally {
      await sender.stop();
      await outcomes.drain();
    }
    const ids = http
      .requestsTo('/hooks/retaken-here')
      .map((request) => String(request.headers['x-publishing-delivery']));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('claims a channel at its limit half a horizon at a time, not a few rows per pause', async () => {
    // 20/s with a 4 s claim lease: slots are booked up to 2 s ahead; 80 deliveries take 4 s.
    const publicationId = await fannedOutPublication('/hooks/paced-claims', 80, 20);
    const config = testConfig(env.databaseUrl, {
      WORKER_CLAIM_LEASE_SECONDS: '4',
      WORKER_BATCH_SIZE: '100',
    });
    const claims: number[] = [];
    const { sender, outcomes } = senderWith(config, {
      ...ignoredEvents,
      deliveriesClaimed: (deliveries) => {
        if (deliveries > 0) claims.push(deliveries);
      },
    });
    sender.start();
    try {
      await waitFor(
        'every delivery written as sent',
        async () =>
          (await env.db.delivery.count({ where: { publicationId, status: 'sent' } })) === 80 ||
          undefined,
      );
    } finally {
      await sender.stop();
      await outcomes.drain();
    }
    // A send held back by its channel's window goes back to the queue and is claimed again.
    expect(claims.reduce((sum, rows) => sum + rows, 0)).toBeGreaterThanOrEqual(80);
    // 41 rows (2 s of slots), then about 20 (1 s) each time the booked slots come within 1 s;
    // claiming whatever each short pause freed took 41, then one or two rows at a time (40 claims).
    expect(claims.length).toBeLessThanOrEqual(8);
    expect(http.requestsTo('/hooks/paced-claims')).toHaveLength(80);
  });
});
