import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

describe('recovery after kill -9', () => {
  it("retakes a killed worker's unstarted claims after the short claim lease, not the send lease; only sends in flight may repeat", async () => {
    const main = join(__dirname, '../dist/main.js');
    if (!existsSync(main))
      throw new Error('apps/worker/dist/main.js is missing: run `pnpm build` first.');
    http.respond('/hooks/crash', () => ({ status: 200, delayMs: 400 }));
    const channel = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: http.url('/hooks/crash'), rate_limit_per_second: 1000 },
    });
    const readers = 24;
    for (let index = 0; index < readers; index += 1)
      await insertSubscriber(env.db, { channelIds: [channel.id] });
    const publicationId = (await insertPublication(env.db, { channelIds: [channel.id] })).id;

    let child: ChildProcess | undefined = spawn(process.execPath, [main], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: env.databaseUrl,
        SIGNING_SECRET,
        WORKER_ID: 'killed-worker',
        WORKER_CONCURRENCY: '3',
        WORKER_BATCH_SIZE: '24',
        WORKER_CLAIM_LEASE_SECONDS: '2',
        // A send that started keeps its claim a long time: what comes back quickly must be
        // the unstarted claims.
        WORKER_LEASE_SECONDS: '120',
        WORKER_SEND_TIMEOUT_MS: '2000',
        WORKER_POLL_INTERVAL_MS: '20',
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'error',
        ALLOW_PRIVATE_TARGETS: 'true',
      },
      stdio: 'ignore',
    });
    try {
      await waitFor(
        'the worker to be mid-send',
        () => http.requestsTo('/hooks/crash').length >= 4 || undefined,
        30_000,
      );
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
      child = undefined;
    } finally {
      child?.kill('SIGKILL');
    }
    const killedAt = Date.now();
    const held = await env.db.$queryRaw<{ id: string; started: boolean }[]>`
      SELECT id::text AS id, claim_expires_at > now() + interval '30 seconds' AS started
        FROM publishing_deliveries
       WHERE publication_id = ${publicationId}::uuid AND status = 'sending'
         AND claimed_by = 'killed-worker'`;
    const started = held.filter((row) => row.started).map((row) => row.id);
    const unstarted = held.filter((row) => !row.started).map((row) => row.id);
    expect(unstarted.length).toBeGreaterThan(0);
    expect(started.length).toBeGreaterThan(0);
    // Started = in flight, sent with the outcome not written yet, or marked ahead of its send
    // (the dispatcher marks up to WORKER_CONCURRENCY queued deliveries in advance): never more
    // than were sent, plus 3 sending and 3 marked ahead.
    expect(started.length).toBeLessThanOrEqual(http.requestsTo('/hooks/crash').length + 3 + 3);

    const survivor = new DeliveryWorker({ db: env.db, config: testConfig(env.databaseUrl) });
    survivor.start();
    try {
      await waitFor(
        'the unstarted claims to be sent by the survivor',
        async () =>
          (await env.db.delivery.count({ where: { id: { in: unstarted }, status: 'sent' } })) ===
            unstarted.length || undefined,
        30_000,
      );
      // Within seconds (a 2 s claim lease), not the 120 s lease of a send that started.
      expect(Date.now() - killedAt).toBeLessThan(20_000);
      const inFlight = await env.db.delivery.findMany({ where: { id: { in: started } } });
      expect(
        inFlight.every((row) => row.status === 'sending' && row.claimedBy === 'killed-worker'),
      ).toBe(true);
      // Their lease ends (as it would after 120 s): the survivor retakes them and the
      // publication completes through its status refresh.
      await env.db.$executeRaw`
        UPDATE publishing_deliveries SET claim_expires_at = now() - interval '1 second'
         WHERE id = ANY(${started}::uuid[])`;
      expect((await waitForFinalStatus(env.db, publicationId)).status).toBe('completed');
    } finally {
      await survivor.stop();
    }
    const rows = await deliveriesOf(env.db, publicationId);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    const received = http
      .requestsTo('/hooks/crash')
      .map((request) => String(request.headers['x-publishing-delivery']));
    expect(new Set(received)).toEqual(new Set(rows.map((row) => row.id)));
    // Duplicates: only sends that were in flight at the kill.
    const duplicates = received.filter((id, index) => received.indexOf(id) !== index);
    expect(duplicates.every((id) => started.includes(id))).toBe(true);
    expect(received.length - readers).toBeLessThanOrEqual(started.length);
  });
});
