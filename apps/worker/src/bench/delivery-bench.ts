import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createPrismaClient, redactDatabaseUrl, type PrismaClient } from '@publishing/db';
import { applyMigrations } from '@publishing/db/engine';
import { openScratchServer } from '@publishing/db/postgres';
import { loadWorkerConfig } from '../config/worker-config';
import { createLogger } from '@publishing/logging';
import { startNextDuePublication } from '../scheduler/claim-due-publications';
import { DeliveryWorker } from '../worker';

/**
 * `pnpm bench:delivery`: 100 000 subscribers on one webhook channel pointing at a local sink.
 * 1. Creating the deliveries: the worker's real claim + fan-out transaction against the floor, a
 *    plain INSERT … SELECT of the same rows (precomputed) into the same table; alternated, median.
 * 2. Sending them: the real worker (signed JSON POSTs) to a sink in another process; sustained
 *    deliveries per second as the sink saw them.
 * Uses DATABASE_URL's server when set (in a throwaway database), else an embedded PostgreSQL.
 */
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '64';
const BATCH_SIZE = process.env.BENCH_BATCH_SIZE ?? '500';
const SIGNING_SECRET = 'bench-webhook-signing-secret';
const LISTMONK_DEFAULT_RATE = 100;
const TARGET_FAN_OUT_RATIO = 0.5;
const TARGET_DELIVERIES_PER_SECOND = 1000;
const REPOSITORY_ROOT = resolve(__dirname, '../../../..');

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(
    `== Preparing PostgreSQL (${process.env.DATABASE_URL ? redactDatabaseUrl(process.env.DATABASE_URL) : 'embedded'})`,
  );
  const server = await openScratchServer(process.env.DATABASE_URL);
  let sink: ChildProcess | undefined;
  let db: PrismaClient | undefined;
  try {
    const scratch = await server.createDatabase();
    await applyMigrations({
      url: scratch.url,
      migrationsDir: resolve(REPOSITORY_ROOT, process.env.MIGRATIONS_DIR ?? 'prisma/migrations'),
    });
    db = createPrismaClient(scratch.url, {
      maxConnections: 10,
      applicationName: 'publishing-bench',
    });
    const [server_] = await db.$queryRaw<
      { version: string }[]
    >`SELECT split_part(version(), ' on ', 1) AS version`;
    const version = server_?.version ?? 'PostgreSQL';

    const started = await startSink();
    sink = started.child;
    const channelId = await seed(db, started.url);
    log(`== Seeded ${SUBSCRIBERS.toLocaleString('en')} subscribers on one webhook channel`);

    // 1. Creating the deliveries, fan-out against the floor.
    const floorTimes: number[] = [];
    const fanOutTimes: number[] = [];
    let publicationId = '';
    for (let round = 1; round <= ROUNDS; round += 1) {
      floorTimes.push(await timeFloor(db, channelId));
      const fanOut = await timeFanOut(db, channelId);
      fanOutTimes.push(fanOut.seconds);
      publicationId = fanOut.publicationId;
      log(
        `   round ${round}: floor ${floorTimes.at(-1)!.toFixed(3)} s, fan-out ${fanOut.seconds.toFixed(3)} s`,
      );
      if (round < ROUNDS) await db.publication.delete({ where: { id: publicationId } });
    }
    const floor = median(floorTimes);
    const fanOut = median(fanOutTimes);

    // 2. Sending them with the real worker.
    log(
      `== Sending ${SUBSCRIBERS.toLocaleString('en')} deliveries (concurrency ${CONCURRENCY}, batch ${BATCH_SIZE})`,
    );
    const config = loadWorkerConfig({
      NODE_ENV: 'production',
      DATABASE_URL: scratch.url,
      SIGNING_SECRET: 'bench-tracking-signing-secret-0123456789abcdef',
      API_BASE_URL: 'https://api.publishing.test',
      WORKER_ID: 'bench-worker',
      WORKER_CONCURRENCY: CONCURRENCY,
      WORKER_BATCH_SIZE: BATCH_SIZE,
      WORKER_POLL_INTERVAL_MS: '50',
      LOG_LEVEL: 'warn',
      // The sink listens on 127.0.0.1.
      ALLOW_PRIVATE_TARGETS: 'true',
    });
    const worker = new DeliveryWorker({
      db,
      config,
      logger: createLogger({ name: 'bench-worker', level: 'warn' }),
    });
    const sendStart = Date.now();
    worker.start();
    let status = 'processing';
    while (status === 'processing') {
      await new Promise((done) => setTimeout(done, 200));
      status = (
        await db.publication.findUniqueOrThrow({
          where: { id: publicationId },
          select: { status: true },
        })
      ).status;
    }
    const endToEnd = (Date.now() - sendStart) / 1000;
    await worker.stop();
    const report = await sinkReport(sink);
    const sent = await db.delivery.count({ where: { publicationId, status: 'sent' } });
    const sinkSeconds = (report.lastAt - report.firstAt) / 1000;
    const sustained = report.requests / sinkSeconds;

    // Report.
    const fanOutRatio = floor / fanOut;
    const rows = SUBSCRIBERS;
    const rate = (seconds: number) => `${Math.round(rows / seconds).toLocaleString('en')} rows/s`;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const cpu = cpus();
    const lines = [
      '',
      `Delivery benchmark: ${rows.toLocaleString('en')} subscribers × 1 webhook channel`,
      `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB; ${version}; Node ${process.version}`,
      `load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)}${Math.max(loadBefore, loadavg()[0] ?? 0) > cpu.length ? ' (above the core count: other work shared the machine)' : ''}`,
      '',
      'Creating the deliveries (median of ' + ROUNDS + ' rounds)              time      rate',
      `  fan-out: claim + INSERT … SELECT … ON CONFLICT DO NOTHING  ${pad(fanOut.toFixed(3), 7)} s  ${pad(rate(fanOut), 16)}`,
      `  floor:   plain INSERT … SELECT of the same rows          ${pad(floor.toFixed(3), 7)} s  ${pad(rate(floor), 16)}`,
      `  fan-out rate / floor rate: ${fanOutRatio.toFixed(2)}  (target ≥ ${TARGET_FAN_OUT_RATIO})  ${verdict(fanOutRatio >= TARGET_FAN_OUT_RATIO)}`,
      '',
      `Sending to a local HTTP sink (signed webhooks; concurrency ${CONCURRENCY}, batch ${BATCH_SIZE})`,
      `  sustained, as the sink saw it:   ${pad(Math.round(sustained).toLocaleString('en'), 7)} deliveries/s  (${report.requests.toLocaleString('en')} in ${sinkSeconds.toFixed(2)} s)  (target ≥ ${TARGET_DELIVERIES_PER_SECOND.toLocaleString('en')})  ${verdict(sustained >= TARGET_DELIVERIES_PER_SECOND)}`,
      `  end to end, worker start → publication completed: ${Math.round(rows / endToEnd).toLocaleString('en')} deliveries/s (${endToEnd.toFixed(2)} s: first delivery after ${((report.firstAt - sendStart) / 1000).toFixed(2)} s, completed ${((sendStart + endToEnd * 1000 - report.lastAt) / 1000).toFixed(2)} s after the last)`,
      `  listmonk default pipeline:       ${pad(`~${LISTMONK_DEFAULT_RATE}`, 7)} deliveries/s  (10 workers × 10 messages/s)  → ${(sustained / LISTMONK_DEFAULT_RATE).toFixed(0)}×`,
      `  check: ${sent.toLocaleString('en')} deliveries sent, sink got ${report.requests.toLocaleString('en')} requests for ${report.unique.toLocaleString('en')} distinct deliveries, ${report.badSignatures} bad signatures; publication ${status}`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (
      sent !== rows ||
      report.unique !== rows ||
      report.badSignatures > 0 ||
      status !== 'completed'
    ) {
      process.exitCode = 1;
      process.stderr.write('The delivery check failed: see the line above.\n');
    }
  } finally {
    sink?.send({ type: 'stop' });
    await db?.$disconnect();
    await server.close();
  }
}

async function seed(db: PrismaClient, sinkUrl: string): Promise<string> {
  const channel = await db.channel.create({
    data: {
      name: 'bench-webhook',
      channelType: 'webhook',
      configuration: {
        url: sinkUrl,
        signing_secret: SIGNING_SECRET,
        rate_limit_per_second: 100_000,
      },
    },
  });
  await db.$executeRaw`
    INSERT INTO publishing_subscribers (email)
    SELECT 'reader-' || g || '@bench.example.com' FROM generate_series(1, ${SUBSCRIBERS}::int) AS g`;
  await db.$executeRaw`
    INSERT INTO publishing_subscriber_channels (subscriber_id, channel_id)
    SELECT id, ${channel.id}::uuid FROM publishing_subscribers`;
  // The floor's input: exactly the rows the fan-out will produce, computed beforehand.
  await db.$executeRawUnsafe(`CREATE TABLE bench_audience (subscriber_id uuid, channel_id uuid)`);
  await db.$executeRaw`
    INSERT INTO bench_audience SELECT subscriber_id, channel_id FROM publishing_subscriber_channels`;
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  return channel.id;
}

/** The floor: the same rows, precomputed, written by one plain INSERT … SELECT into the same table. */
async function timeFloor(db: PrismaClient, channelId: string): Promise<number> {
  await db.$executeRawUnsafe('TRUNCATE publishing_deliveries');
  const publication = await db.publication.create({
    data: {
      publicationType: 'newsletter',
      scheduledTime: new Date(),
      status: 'processing',
      channels: { create: [{ channelId }] },
    },
  });
  await db.$executeRawUnsafe('CHECKPOINT');
  const start = performance.now();
  const inserted = await db.$executeRaw`
    INSERT INTO publishing_deliveries (publication_id, subscriber_id, channel_id)
    SELECT ${publication.id}::uuid, subscriber_id, channel_id FROM bench_audience`;
  const seconds = (performance.now() - start) / 1000;
  if (inserted !== SUBSCRIBERS)
    throw new Error(`The floor inserted ${inserted} rows, not ${SUBSCRIBERS}.`);
  await db.publication.delete({ where: { id: publication.id } });
  return seconds;
}

/** The real thing: the scheduler's transaction (claim the due publication, fan it out). */
async function timeFanOut(
  db: PrismaClient,
  channelId: string,
): Promise<{ seconds: number; publicationId: string }> {
  await db.$executeRawUnsafe('TRUNCATE publishing_deliveries');
  await db.publication.create({
    data: {
      publicationType: 'newsletter',
      scheduledTime: new Date(Date.now() - 1000),
      channels: { create: [{ channelId }] },
    },
  });
  await db.$executeRawUnsafe('CHECKPOINT');
  const start = performance.now();
  const started = await startNextDuePublication(db, { maxLatenessSeconds: 0 });
  const seconds = (performance.now() - start) / 1000;
  if (started?.deliveriesCreated !== SUBSCRIBERS) {
    throw new Error(
      `The fan-out created ${started?.deliveriesCreated ?? 0} deliveries, not ${SUBSCRIBERS}.`,
    );
  }
  return { seconds, publicationId: started.id };
}

async function startSink(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(__dirname, 'sink-process.js'), [], {
    env: { ...process.env, SINK_SIGNING_SECRET: SIGNING_SECRET },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await once(child, 'message')) as [{ type: string; port: number }];
  return { child, url: `http://127.0.0.1:${message.port}/bench` };
}

interface SinkReport {
  requests: number;
  unique: number;
  badSignatures: number;
  firstAt: number;
  lastAt: number;
}

async function sinkReport(child: ChildProcess): Promise<SinkReport> {
  const answer = once(child, 'message') as Promise<[SinkReport & { type: string }]>;
  child.send({ type: 'report' });
  return (await answer)[0];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function pad(text: string, width: number): string {
  return text.padStart(width);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:delivery failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
