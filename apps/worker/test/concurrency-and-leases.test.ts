import { createPrismaClient } from '@publishing/db';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createChannelAdapters, type ChannelAdapter } from '@publishing/channels';
import { insertChannel, insertPublication, insertSubscriber } from '@publishing/testing';
import { DeliveryWorker } from '../src/worker';
import {
  SIGNING_SECRET,
  deliveriesOf,
  testConfig,
  waitFor,
  waitForFinalStatus,
} from './support/fixtures';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const env = useWorkerTestEnvironment({ http: true });
const { http } = env;

/** The real adapters, counting the sends each worker made (the transport is untouched). */
function countingAdapters(counter: { sends: number }) {
  const adapters = createChannelAdapters({
    concurrency: 4,
    sendTimeoutMs: 5000,
    targetPolicy: { allowPrivateTargets: true },
  });
  const counted = (adapter: ChannelAdapter): ChannelAdapter => ({
    send: (context) => {
      counter.sends += 1;
      return adapter.send(context);
    },
    close: () => adapter.close?.(),
  });
  return { ...adapters, webhook: counted(adapters.webhook) };
}

async function subscribers(count: number, channelIds: string[]) {
  const created = [];
  for (let index = 0; index < count; index += 1)
    created.push(await insertSubscriber(env.db, { channelIds }));
  return created;
}

/** A webhook channel to `path` on the sink, fast enough for these tests' volumes. */
function webhookChannel(path: string) {
  return insertChannel(env.db, {
    channelType: 'webhook',
    configuration: { url: http.url(path), rate_limit_per_second: 1000 },
  });
}

/** A publication due now on `channels`. */
async function publicationOn(...channels: { id: string }[]): Promise<string> {
  const publication = await insertPublication(env.db, {
    channelIds: channels.map((channel) => channel.id),
  });
  return publication.id;
}

describe('several workers, leases and crashes', () => {
  it('starts each due publication exactly once and never sends a delivery twice across two workers', async () => {
    http.respond('/hooks/a', () => ({ status: 200, delayMs: Math.floor(Math.random() * 4) }));
    http.respond('/hooks/b', () => ({ status: 200, delayMs: Math.floor(Math.random() * 4) }));
    const channelA = await webhookChannel('/hooks/a');
    const channelB = await webhookChannel('/hooks/b');
    await subscribers(40, [channelA.id, channelB.id]);
    const publications = [
      await publicationOn(channelA, channelB),
      await publicationOn(channelA),
      await publicationOn(channelB),
    ];

    const counters = [{ sends: 0 }, { sends: 0 }];
    const overrides = { WORKER_BATCH_SIZE: '5', WORKER_CONCURRENCY: '4' };
    // Each worker has its own client (own connections), as separate processes would.
    const clients = counters.map(() => createPrismaClient(env.databaseUrl));
    const workers = counters.map(
      (counter, index) =>
        new DeliveryWorker({
          db: clients[index]!,
          config: testConfig(env.databaseUrl, overrides),
          adapters: countingAdapters(counter),
        }),
    );
    // Both schedulers race for the same due publications.
    const started = await Promise.all(workers.map((worker) => worker.startDuePublications()));
    const startedIds = started.flat().map((publication) => publication.id);
    expect(startedIds.sort()).toEqual([...publications].sort());
    expect(await env.db.delivery.count()).toBe(40 * 4);

    for (const worker of workers) worker.start();
    try {
      // 160 sends take 2 s on a quiet machine and over 20 s under CI's full load.
      for (const id of publications)
        expect((await waitForFinalStatus(env.db, id, 45_000)).status).toBe('completed');
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await Promise.all(clients.map((client) => client.$disconnect()));
    }

    const deliveryIds = [...http.requestsTo('/hooks/a'), ...http.requestsTo('/hooks/b')].map(
      (request) => String(request.headers['x-publishing-delivery']),
    );
    expect(deliveryIds).toHaveLength(160);
    expect(new Set(deliveryIds).size).toBe(160);
    expect(counters[0]!.sends + counters[1]!.sends).toBe(160);
    expect(counters[0]!.sends).toBeGreaterThan(0);
    expect(counters[1]!.sends).toBeGreaterThan(0);
    const rows = await env.db.delivery.findMany({ where: { publicationId: { in: publications } } });
    expect(
      rows.every((row) => row.status === 'sent' && row.attempts === 1 && row.claimedBy === null),
    ).toBe(true);
  });

  it("retakes a dead worker's claims once their lease expires, and not before", async () => {
    const channel = await webhookChannel('/hooks/retaken');
    await subscribers(6, [channel.id]);
    const publicationId = await publicationOn(channel);
    const scheduler = new DeliveryWorker({ db: env.db, config: testConfig(env.databaseUrl) });
    await scheduler.startDuePublications();

    // A worker claimed everything and died: five leases expired, one still valid for 10 s (the
    // five are retaken within 2 s on a quiet machine; CI's full load once took longer than 2 s).
    const deliveries = await deliveriesOf(env.db, publicationId);
    await env.db.$executeRaw`
      UPDATE publishing_deliveries
         SET status = 'sending', claimed_by = 'dead-worker', attempts = 1,
             claim_expires_at = now() - interval '1 second'
       WHERE publication_id = ${publicationId}::uuid`;
    const stillLeased = deliveries[0]!.id;
    await env.db.$executeRaw`
      UPDATE publishing_deliveries SET claim_expires_at = now() + interval '10 seconds'
       WHERE id = ${stillLeased}::uuid`;

    const worker = new DeliveryWorker({ db: env.db, config: testConfig(env.databaseUrl) });
    worker.start();
    try {
      await waitFor(
        'the expired claims to be retaken',
        () => http.requestsTo('/hooks/retaken').length === 5 || undefined,
      );
      const held = await env.db.delivery.findUniqueOrThrow({ where: { id: stillLeased } });
      expect(held).toMatchObject({ status: 'sending', claimedBy: 'dead-worker' });
      expect((await waitForFinalStatus(env.db, publicationId)).status).toBe('completed');
    } finally {
      await worker.stop();
    }
    const rows = await deliveriesOf(env.db, publicationId);
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(rows.map(() => ['sent', 2]));
    const received = http
      .requestsTo('/hooks/retaken')
      .map((request) => request.headers['x-publishing-delivery']);
    expect(new Set(received).size).toBe(6);
    expect(received).toHaveLength(6);
  });

  it('on stop, finishes the sends in flight and hands back the rest without counting an attempt', async () => {
    // Sends slow enough that no third one starts between seeing two in flight and stopping,
    // however late a loaded machine runs the poll.
    http.respond('/hooks/stopping', () => ({ status: 200, delayMs: 2000 }));
    const channel = await webhookChannel('/hooks/stopping');
    await subscribers(10, [channel.id]);
    const publicationId = await publicationOn(channel);
    const worker = new DeliveryWorker({
      db: env.db,
      config: testConfig(env.databaseUrl, { WORKER_CONCURRENCY: '2', WORKER_BATCH_SIZE: '10' }),
    });
    worker.start();
    await waitFor(
      'two sends in flight',
      () => http.requestsTo('/hooks/stopping').length === 2 || undefined,
    );
    await worker.stop();

    const rows = await deliveriesOf(env.db, publicationId);
    const sent = rows.filter((row) => row.status === 'sent');
    const handedBack = rows.filter((row) => row.status === 'pending');
    expect(sent).toHaveLength(2);
    expect(handedBack).toHaveLength(8);
    expect(
      handedBack.every(
        (row) => row.attempts === 0 && row.claimedBy === null && row.claimExpiresAt === null,
      ),
    ).toBe(true);
    expect(http.requestsTo('/hooks/stopping')).toHaveLength(2);
    // What was handed back is sent by the next worker.
    const next = new DeliveryWorker({ db: env.db, config: testConfig(env.databaseUrl) });
    next.start();
    try {
      expect((await waitForFinalStatus(env.db, publicationId)).status).toBe('completed');
    } finally {
      await next.stop();
    }
    expect(
      new Set(
        http
          .requestsTo('/hooks/stopping')
          .map((request) => request.headers['x-publishing-delivery']),
      ).size,
    ).toBe(10);
  });

  it('loses no delivery when a worker process is killed with SIGKILL mid-send', async () => {
    const main = join(__dirname, '../dist/main.js');
    if (!existsSync(main))
      throw new Error('apps/worker/dist/main.js is missing: run `pnpm build` first.');
    http.respond('/hooks/slow', () => ({ status: 200, delayMs: 300 }));
    const channel = await webhookChannel('/hooks/slow');
    await subscribers(20, [channel.id]);
    const publicationId = await publicationOn(channel);

    let child: ChildProcess | undefined = spawn(process.execPath, [main], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: env.databaseUrl,
        SIGNING_SECRET,
        WORKER_ID: 'doomed-worker',
        WORKER_CONCURRENCY: '4',
        WORKER_BATCH_SIZE: '8',
        WORKER_LEASE_SECONDS: '2',
        WORKER_SEND_TIMEOUT_MS: '1000',
        WORKER_POLL_INTERVAL_MS: '20',
        // Other tests run workers meanwhile: the default metrics port would be taken.
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'error',
        // The sink listens on 127.0.0.1.
        ALLOW_PRIVATE_TARGETS: 'true',
      },
      stdio: 'ignore',
    });
    try {
      await waitFor(
        'the doomed worker to be mid-send',
        () => http.requestsTo('/hooks/slow').length >= 6 || undefined,
        30_000,
      );
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
      child = undefined;
    } finally {
      child?.kill('SIGKILL');
    }
    const abandoned = await env.db.delivery.count({
      where: { publicationId, status: 'sending', claimedBy: 'doomed-worker' },
    });
    expect(abandoned).toBeGreaterThan(0);

    const worker = new DeliveryWorker({ db: env.db, config: testConfig(env.databaseUrl) });
    worker.start();
    try {
      expect((await waitForFinalStatus(env.db, publicationId)).status).toBe('completed');
    } finally {
      await worker.stop();
    }
    const rows = await deliveriesOf(env.db, publicationId);
    expect(rows).toHaveLength(20);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    // At least once: every delivery arrived; only the few in flight at the kill may arrive twice.
    const received = http
      .requestsTo('/hooks/slow')
      .map((request) => String(request.headers['x-publishing-delivery']));
    expect(new Set(received)).toEqual(new Set(rows.map((row) => row.id)));
    expect(received.length - 20).toBeLessThanOrEqual(8);
  });
});
