import { createLogger } from '@publishing/logging';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  insertChannel,
  insertPublication,
  insertSubscriber,
  parseMetrics,
  scrapeMetrics,
  occupiedPort,
  unusedPort,
  type MetricSamples,
} from '@publishing/testing';
import { WorkerMetrics } from '../src/metrics/worker-metrics';
import { DeliveryWorker } from '../src/worker';
import {
  API_BASE_URL,
  SIGNING_SECRET,
  deliveriesOf,
  testConfig,
  waitFor,
  waitForFinalStatus,
} from './support/fixtures';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const MAIN = join(__dirname, '../dist/main.js');
const SEND_DURATION = 'publishing_worker_send_duration_seconds';

const env = useWorkerTestEnvironment({ http: true });
const { http } = env;

/** The built worker, as the image runs it, with its metrics on `port`. */
function startWorker(port: number): { child: ChildProcess; output: () => string } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`pnpm build\` first.`);
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: env.databaseUrl,
      SIGNING_SECRET,
      API_BASE_URL,
      WORKER_ID: 'scraped-worker',
      WORKER_POLL_INTERVAL_MS: '20',
      WORKER_RETRY_BASE_MS: '10',
      WORKER_RETRY_MAX_MS: '40',
      WORKER_SEND_TIMEOUT_MS: '5000',
      WORKER_LEASE_SECONDS: '10',
      WORKER_METRICS_PORT: String(port),
      WORKER_METRICS_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The sink listens on 127.0.0.1.
      ALLOW_PRIVATE_TARGETS: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe("the worker's Prometheus metrics", () => {
  let worker: { child: ChildProcess; output: () => string };
  let port: number;
  let scrape: MetricSamples;
  const ids: string[] = [];

  beforeAll(async () => {
    http.respond('/hooks/ok', () => ({ status: 200 }));
    // The first request fails with a 503 (transient), every later one succeeds.
    http.respond('/hooks/flaky', (_request, count) => ({ status: count === 1 ? 503 : 200 }));
    http.respond('/hooks/broken', () => ({ status: 400, body: 'invalid_payload' }));
    const ok = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: http.url('/hooks/ok') },
    });
    const flaky = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: http.url('/hooks/flaky') },
    });
    const broken = await insertChannel(env.db, {
      channelType: 'slack',
      configuration: { webhook_url: http.url('/hooks/broken'), rate_limit_per_second: 100 },
    });
    const channelIds = [ok.id, flaky.id, broken.id];
    const readers = [
      await insertSubscriber(env.db, { channelIds }),
      await insertSubscriber(env.db, { channelIds }),
    ];
    const due = await insertPublication(env.db, { channelIds });
    // Two deliveries of another publication wait an hour (a backoff): pending, not due.
    const later = await insertPublication(env.db, {
      channelIds: [ok.id],
      scheduledTime: new Date(Date.now() + 3_600_000),
    });
    await env.db.delivery.createMany({
      data: readers.map((reader) => ({
        publicationId: later.id,
        channelId: ok.id,
        subscriberId: reader.id,
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      })),
    });
    ids.push(due.id, later.id, ...channelIds, ...readers.map((reader) => reader.id));

    port = await unusedPort();
    worker = startWorker(port);
    const final = await waitForFinalStatus(env.db, due.id, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${worker.output()}`);
    });
    expect(final.status).toBe('completed');
    ids.push(...(await deliveriesOf(env.db, due.id)).map((delivery) => delivery.id));
    scrape = await scrapeMetrics(`http://127.0.0.1:${port}/metrics`);
  });

  afterAll(async () => {
    if (worker.child.exitCode === null) {
      worker.child.kill('SIGKILL');
      await exitOf(worker.child);
    }
  });

  it('counts sent, failed (permanent) and retried (transient) deliveries by channel type', () => {
    expect(
      scrape.value('publishing_worker_deliveries_sent_total', { channel_type: 'webhook' }),
    ).toBe(4);
    expect(
      scrape.value('publishing_worker_deliveries_retried_total', {
        channel_type: 'webhook',
        reason: 'http_503',
      }),
    ).toBe(1);
    expect(
      scrape.value('publishing_worker_deliveries_failed_total', {
        channel_type: 'slack',
        reason: 'http_400',
      }),
    ).toBe(2);
    expect(
      scrape.find('publishing_worker_deliveries_sent_total', { channel_type: 'slack' }),
    ).toEqual([]);
    expect(
      scrape.find('publishing_worker_deliveries_failed_total', { channel_type: 'webhook' }),
    ).toEqual([]);
  });

  it('counts its claim statements and the deliveries they took', () => {
    // Six deliveries, and the flaky one's retry claimed again: seven.
    expect(scrape.value('publishing_worker_deliveries_claimed_total')).toBe(7);
    const claims = scrape.value('publishing_worker_delivery_claims_total');
    expect(claims).toBeGreaterThanOrEqual(2);
  });

  it('times every send in a histogram by channel type', () => {
    // Webhooks: 2 to /hooks/ok, 3 to /hooks/flaky (one 503, then two 200); Slack: the two 400s.
    expect(scrape.value(`${SEND_DURATION}_count`, { channel_type: 'webhook' })).toBe(5);
    expect(scrape.value(`${SEND_DURATION}_count`, { channel_type: 'slack' })).toBe(2);
    const buckets = scrape.find(`${SEND_DURATION}_bucket`, { channel_type: 'webhook' });
    expect(buckets.length).toBeGreaterThan(5);
    const counts = buckets.map((bucket) => bucket.value);
    expect(counts, 'cumulative buckets').toEqual([...counts].sort((a, b) => a - b));
    expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: 5 });
    expect(scrape.value(`${SEND_DURATION}_sum`, { channel_type: 'webhook' })).toBeGreaterThan(0);
  });

  it('records how late the due publication was when claimed', () => {
    expect(scrape.value('publishing_worker_publication_claim_lag_seconds_count')).toBe(1);
    expect(
      scrape.value('publishing_worker_publication_claim_lag_seconds_sum'),
    ).toBeGreaterThanOrEqual(0);
  });

  it('reports the queue in the table and what this worker holds', () => {
    const depth = (state: string) => scrape.value('publishing_worker_queue_depth', { state });
    expect([depth('pending'), depth('due'), depth('claimed')]).toEqual([2, 0, 0]);
    expect(scrape.value('publishing_worker_deliveries_in_flight')).toBe(0);
    expect(scrape.value('publishing_worker_sends_in_progress')).toBe(0);
  });

  it('reports its database pool and process metrics under publishing_worker_', () => {
    // main.js opens at most 5 connections.
    expect(scrape.value('publishing_worker_db_pool_max_connections')).toBe(5);
    expect(scrape.value('publishing_worker_db_pool_connections')).toBeGreaterThanOrEqual(1);
    expect(scrape.value('publishing_worker_process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('puts no id into a label', () => {
    const values = scrape.labelValues();
    for (const id of ids) expect(values.filter((value) => value.includes(id))).toEqual([]);
  });

  it('stops serving metrics when it stops', async () => {
    worker.child.kill('SIGTERM');
    expect(await exitOf(worker.child), worker.output()).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    expect(worker.output()).toContain(
      `"metrics_endpoint":"http://127.0.0.1:${port}/metrics","msg":"metrics served"`,
    );
  });
});

describe('a metrics port already taken', () => {
  it('stops the worker at start, naming the variable to change', async () => {
    const { port, release } = await occupiedPort();
    try {
      const worker = startWorker(port);
      expect(await exitOf(worker.child), worker.output()).toBe(1);
      expect(worker.output()).toContain(
        `Cannot serve metrics on 127.0.0.1:${port}: EADDRINUSE. → Set WORKER_METRICS_PORT to a free port, or to 0 to turn metrics off.`,
      );
      expect(worker.output()).not.toContain('worker started');
    } finally {
      await release();
    }
  });
});

describe('while a send is in progress', () => {
  it('reports the delivery this worker holds, the running send and the claimed row', async () => {
    // Answered after 3 s: far longer than reading the registry takes, however loaded the machine.
    http.respond('/hooks/slow', () => ({ status: 200, delayMs: 3000 }));
    const channel = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: http.url('/hooks/slow') },
    });
    await insertSubscriber(env.db, { channelIds: [channel.id] });
    const publication = await insertPublication(env.db, { channelIds: [channel.id] });
    const metrics = new WorkerMetrics(
      env.db,
      createLogger({ name: 'publishing-worker', level: 'silent' }),
    );
    const config = testConfig(env.databaseUrl, { WORKER_SEND_TIMEOUT_MS: '5000' });
    const worker = new DeliveryWorker({ db: env.db, config, events: metrics });
    metrics.watch(worker);
    worker.start();
    try {
      await waitFor('the send to start', () => http.requestsTo('/hooks/slow').length === 1);
      const during = parseMetrics(await metrics.registry.metrics());
      expect(during.value('publishing_worker_sends_in_progress')).toBe(1);
      expect(during.value('publishing_worker_deliveries_in_flight')).toBe(1);
      expect(during.value('publishing_worker_queue_depth', { state: 'claimed' })).toBe(1);

      await waitForFinalStatus(env.db, publication.id);
      const after = parseMetrics(await metrics.registry.metrics());
      expect(after.value('publishing_worker_sends_in_progress')).toBe(0);
      expect(after.value('publishing_worker_deliveries_in_flight')).toBe(0);
      expect(
        after.value('publishing_worker_deliveries_sent_total', { channel_type: 'webhook' }),
      ).toBe(1);
    } finally {
      await worker.stop();
    }
  });
});
