import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createPrismaClient, redactDatabaseUrl, type PrismaClient } from '@publishing/db';
import { applyMigrations } from '@publishing/db/engine';
import { openScratchServer } from '@publishing/db/postgres';
import { createLogger } from '@publishing/logging';
import { loadWorkerConfig, type WorkerConfig } from '../src/config/worker-config';
import { startNextDuePublication } from '../src/scheduler/claim-due-publications';
import { DeliveryWorker } from '../src/worker';

/**
 * `pnpm bench:delivery`: 100 000 subscribers on one webhook channel pointing at a local sink.
 * 1. Creating the deliveries: the worker's real claim + fan-out transaction against the floor, a
 *    plain INSERT … SELECT of the same rows (precomputed) into the same table; alternated, median.
 * 2. Sending them: the real worker (signed JSON POSTs) to a sink in another process; sustained
 *    deliveries per second as the sink saw them.
 * 3. Fairness: 10 000 subscribers × (email limited to 100/s + an unlimited webhook): how long the
 *    webhooks take beside the email channel, against the same webhook run alone, and what they
 *    cost the worker's CPU beside email against alone (target ≤ 1.2×).
 * 4. A shared limit: three worker processes on one channel limited to 200/s: the most requests
 *    the sink saw in one second (target ≤ 220).
 * 5. Recovery: two worker processes; one is killed (SIGKILL) mid-send: how long until its
 *    unstarted claims are sent by the other (target ≤ 10 s), and how many sends were duplicated.
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
// Audiences are taken from the seeded subscribers, so never more than those.
const MIXED_SUBSCRIBERS = Math.min(
  SUBSCRIBERS,
  Number(process.env.BENCH_MIXED_SUBSCRIBERS ?? 10_000),
);
const EMAIL_RATE = Number(process.env.BENCH_EMAIL_RATE ?? 100);
const TARGET_MIXED_RATIO = 1.2;
const SHARED_DELIVERIES = Math.min(
  SUBSCRIBERS,
  Number(process.env.BENCH_SHARED_DELIVERIES ?? 4000),
);
const SHARED_RATE = 200;
const TARGET_SHARED_MAX_PER_SECOND = 220;
const RECOVERY_DELIVERIES = Math.min(
  SUBSCRIBERS,
  Number(process.env.BENCH_RECOVERY_DELIVERIES ?? 4000),
);
const TARGET_RECOVERY_SECONDS = 10;
const TRACKING_SECRET = 'bench-tracking-signing-secret-0123456789abcdef';
/** `BENCH_ONLY=send,fairness,shared,recovery` runs only those scenarios (all by default). */
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'send,fairness,shared,recovery').split(',').map((name) => name.trim()),
);
const REPOSITORY_ROOT = resolve(__dirname, '../../../..');
const WORKER_MAIN = resolve(__dirname, '../../dist/main.js');

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
    const config = benchConfig(scratch.url, 'bench-worker');
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
    const report = await sinkReport(sink, '/bench');
    const sent = await db.delivery.count({ where: { publicationId, status: 'sent' } });
    const sinkSeconds = (report.lastAt - report.firstAt) / 1000;
    const sustained = report.requests / sinkSeconds;

    // 3–5. Fairness, a shared limit, recovery.
    log(
      `== Fairness: ${MIXED_SUBSCRIBERS.toLocaleString('en')} subscribers, webhook alone then beside email at ${EMAIL_RATE}/s`,
    );
    const fairness = ONLY.has('fairness')
      ? await benchFairness(db, scratch.url, started.url, sink)
      : undefined;
    log(
      `== Shared limit: three workers, one channel at ${SHARED_RATE}/s, ${SHARED_DELIVERIES.toLocaleString('en')} deliveries`,
    );
    const shared = ONLY.has('shared')
      ? await benchSharedLimit(db, scratch.url, started.url, sink)
      : undefined;
    log(
      `== Recovery: two workers, one killed mid-send, ${RECOVERY_DELIVERIES.toLocaleString('en')} deliveries`,
    );
    const recovery = ONLY.has('recovery')
      ? await benchRecovery(db, scratch.url, started.url, sink)
      : undefined;

    // Report.
    const fanOutRatio = floor / fanOut;
    const rows = SUBSCRIBERS;
    const rate = (seconds: number) => `${Math.round(rows / seconds).toLocaleString('en')} rows/s`;
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
      ...(fairness ? fairnessLines(fairness) : []),
      ...(shared ? sharedLines(shared) : []),
      ...(recovery ? recoveryLines(recovery) : []),
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

function benchConfig(
  databaseUrl: string,
  workerId: string,
  overrides: Record<string, string> = {},
): WorkerConfig {
  return loadWorkerConfig({ ...workerEnvironment(databaseUrl, workerId), ...overrides });
}

function workerEnvironment(databaseUrl: string, workerId: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SIGNING_SECRET: TRACKING_SECRET,
    API_BASE_URL: 'https://api.publishing.test',
    WORKER_ID: workerId,
    WORKER_CONCURRENCY: CONCURRENCY,
    WORKER_BATCH_SIZE: BATCH_SIZE,
    WORKER_POLL_INTERVAL_MS: '50',
    WORKER_METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    // The sink listens on 127.0.0.1.
    ALLOW_PRIVATE_TARGETS: 'true',
  };
}

/** A worker as its own process (`dist/main.js`), as production runs it. */
function spawnWorker(
  databaseUrl: string,
  workerId: string,
  overrides: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, [WORKER_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      ...workerEnvironment(databaseUrl, workerId),
      ...overrides,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** A webhook channel on the sink's `path`, its audience the first `count` subscribers. */
async function channelWithAudience(
  db: PrismaClient,
  name: string,
  channelType: 'webhook' | 'email',
  configuration: Record<string, string | number>,
  count: number,
): Promise<string> {
  const channel = await db.channel.create({
    data: { name, channelType, configuration: configuration },
  });
  await db.$executeRaw`
    INSERT INTO publishing_subscriber_channels (subscriber_id, channel_id)
    SELECT id, ${channel.id}::uuid FROM publishing_subscribers ORDER BY email LIMIT ${count}::int`;
  return channel.id;
}

async function duePublication(db: PrismaClient, channelIds: string[]): Promise<string> {
  const publication = await db.publication.create({
    data: {
      publicationType: 'newsletter',
      scheduledTime: new Date(Date.now() - 1000),
      channels: { create: channelIds.map((channelId, position) => ({ channelId, position })) },
    },
  });
  return publication.id;
}

async function countSent(db: PrismaClient, publicationId: string, channelId?: string) {
  return db.delivery.count({
    where: { publicationId, status: 'sent', ...(channelId ? { channelId } : {}) },
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('The benchmark timed out waiting.');
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * Seconds until every webhook of a publication is sent by one in-process worker, and until the
 * sink saw the first of them on `path` (the fan-out and first claims come before it).
 */
async function timeWebhooks(
  db: PrismaClient,
  databaseUrl: string,
  channelIds: string[],
  webhookChannelId: string,
  smtp: ChildProcess,
  sink: { child: ChildProcess; path: string },
): Promise<{
  seconds: number;
  firstSeconds: number;
  emailsMeanwhile: number;
  cpuSeconds: number;
}> {
  const publicationId = await duePublication(db, channelIds);
  const worker = new DeliveryWorker({
    db,
    config: benchConfig(databaseUrl, `bench-fair-${channelIds.length}`),
    logger: createLogger({ name: 'bench-worker', level: 'warn' }),
  });
  const emailsBefore = await mailCount(smtp);
  const start = Date.now();
  const cpuBefore = process.cpuUsage();
  worker.start();
  try {
    await until(
      async () => (await countSent(db, publicationId, webhookChannelId)) >= MIXED_SUBSCRIBERS,
    );
    const seconds = (Date.now() - start) / 1000;
    const cpuSeconds = cpuSecondsSince(cpuBefore);
    const emailsMeanwhile = (await mailCount(smtp)) - emailsBefore;
    const { firstAt } = await sinkReport(sink.child, sink.path);
    return { seconds, firstSeconds: (firstAt - start) / 1000, emailsMeanwhile, cpuSeconds };
  } finally {
    await worker.stop();
    // The rest of the emails are not part of the measure.
    await db.publication.update({ where: { id: publicationId }, data: { status: 'cancelled' } });
  }
}

/**
 * The worker's CPU per email when it sends only email, at the channel's limit for `seconds`
 * (the bench process runs the worker, so its CPU is the worker's).
 */
async function emailCpu(
  db: PrismaClient,
  databaseUrl: string,
  emailChannelId: string,
  smtp: ChildProcess,
  seconds: number,
): Promise<{ emails: number; cpuMsPerEmail: number }> {
  const publicationId = await duePublication(db, [emailChannelId]);
  const worker = new DeliveryWorker({
    db,
    config: benchConfig(databaseUrl, 'bench-email-alone'),
    logger: createLogger({ name: 'bench-worker', level: 'warn' }),
  });
  worker.start();
  try {
    // The fan-out and the first claims are not part of the measure.
    await until(async () => (await countSent(db, publicationId)) > 0);
    const emailsBefore = await mailCount(smtp);
    const cpuBefore = process.cpuUsage();
    await new Promise((done) => setTimeout(done, seconds * 1000));
    const cpuSeconds = cpuSecondsSince(cpuBefore);
    const emails = (await mailCount(smtp)) - emailsBefore;
    return { emails, cpuMsPerEmail: (cpuSeconds * 1000) / Math.max(1, emails) };
  } finally {
    await worker.stop();
    await db.publication.update({ where: { id: publicationId }, data: { status: 'cancelled' } });
  }
}

function cpuSecondsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

async function benchFairness(
  db: PrismaClient,
  databaseUrl: string,
  sinkUrl: string,
  sink: ChildProcess,
) {
  const smtp = fork(join(__dirname, 'smtp-sink-process.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [listening] = (await once(smtp, 'message')) as [{ port: number }];
  try {
    const webhookConfig = (path: string) => ({
      url: sinkUrl.replace('/bench', path),
      signing_secret: SIGNING_SECRET,
      rate_limit_per_second: 100_000,
    });
    const alone = await channelWithAudience(
      db,
      'bench-alone',
      'webhook',
      webhookConfig('/alone'),
      MIXED_SUBSCRIBERS,
    );
    const mixed = await channelWithAudience(
      db,
      'bench-mixed',
      'webhook',
      webhookConfig('/mixed'),
      MIXED_SUBSCRIBERS,
    );
    const email = await channelWithAudience(
      db,
      'bench-email',
      'email',
      {
        smtp_host: '127.0.0.1',
        smtp_port: listening.port,
        from_email: 'news@bench.example.com',
        rate_limit_per_second: EMAIL_RATE,
      },
      MIXED_SUBSCRIBERS,
    );
    const aloneRun = await timeWebhooks(db, databaseUrl, [alone], alone, smtp, {
      child: sink,
      path: '/alone',
    });
    const mixedRun = await timeWebhooks(db, databaseUrl, [email, mixed], mixed, smtp, {
      child: sink,
      path: '/mixed',
    });
    const emailAlone = await emailCpu(db, databaseUrl, email, smtp, 8);
    return {
      emailAlone,
      aloneCpuSeconds: aloneRun.cpuSeconds,
      mixedCpuSeconds: mixedRun.cpuSeconds,
      aloneSeconds: aloneRun.seconds,
      aloneFirstSeconds: aloneRun.firstSeconds,
      mixedSeconds: mixedRun.seconds,
      mixedFirstSeconds: mixedRun.firstSeconds,
      emailsMeanwhile: mixedRun.emailsMeanwhile,
    };
  } finally {
    smtp.send({ type: 'stop' });
  }
}

async function mailCount(smtp: ChildProcess): Promise<number> {
  const answer = once(smtp, 'message') as Promise<[{ count: number }]>;
  smtp.send({ type: 'count' });
  return (await answer)[0].count;
}

async function benchSharedLimit(
  db: PrismaClient,
  databaseUrl: string,
  sinkUrl: string,
  sink: ChildProcess,
) {
  const channelId = await channelWithAudience(
    db,
    'bench-shared',
    'webhook',
    {
      url: sinkUrl.replace('/bench', '/shared'),
      signing_secret: SIGNING_SECRET,
      rate_limit_per_second: SHARED_RATE,
    },
    SHARED_DELIVERIES,
  );
  const workers = [1, 2, 3].map((index) => spawnWorker(databaseUrl, `bench-shared-${index}`));
  let publicationId = '';
  try {
    // The publication falls due once all three poll: three processes starting on the machine's
    // cores would otherwise delay whichever started first (it books the first seconds' slots).
    await until(async () => (await pollingWorkers(db, 'bench-shared-')) === workers.length);
    publicationId = await duePublication(db, [channelId]);
    await until(async () => (await countSent(db, publicationId)) >= SHARED_DELIVERIES);
  } finally {
    await Promise.all(workers.map(stopWorker));
  }
  const report = await sinkReport(sink, '/shared');
  return {
    maxPerSecond: report.maxPerSecond,
    secondsOverTarget: report.perSecond.filter((count) => count > TARGET_SHARED_MAX_PER_SECOND)
      .length,
    fullSeconds: Math.max(0, report.perSecond.length - 2),
    requests: report.requests,
    unique: report.unique,
    seconds: (report.lastAt - report.firstAt) / 1000,
  };
}

/** How many worker processes whose id starts with `prefix` hold a database connection. */
async function pollingWorkers(db: PrismaClient, prefix: string): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(DISTINCT application_name)::int AS count FROM pg_stat_activity
     WHERE datname = current_database()
       AND application_name LIKE ${`publishing-worker ${prefix}%`}`;
  return row?.count ?? 0;
}

const RECOVERY_CLAIM_LEASE_SECONDS = 5;

async function benchRecovery(
  db: PrismaClient,
  databaseUrl: string,
  sinkUrl: string,
  sink: ChildProcess,
) {
  const channelId = await channelWithAudience(
    db,
    'bench-recovery',
    'webhook',
    {
      url: sinkUrl.replace('/bench', '/slow-recovery'),
      signing_secret: SIGNING_SECRET,
      rate_limit_per_second: 100_000,
    },
    RECOVERY_DELIVERIES,
  );
  const publicationId = await duePublication(db, [channelId]);
  const settings = {
    WORKER_CLAIM_LEASE_SECONDS: String(RECOVERY_CLAIM_LEASE_SECONDS),
    WORKER_LEASE_SECONDS: '10',
    WORKER_SEND_TIMEOUT_MS: '5000',
    // Smaller claims, so both workers hold some when one is killed.
    WORKER_BATCH_SIZE: '100',
  };
  const workers = new Map(
    ['bench-recovery-1', 'bench-recovery-2'].map((id) => [
      id,
      spawnWorker(databaseUrl, id, settings),
    ]),
  );
  let doomedId = 'bench-recovery-1';
  try {
    await until(async () => (await countSent(db, publicationId)) >= RECOVERY_DELIVERIES / 4);
    // The worker holding more claims is killed.
    const holders = await db.$queryRaw<{ worker: string; held: number }[]>`
      SELECT claimed_by AS worker, count(*)::int AS held FROM publishing_deliveries
       WHERE publication_id = ${publicationId}::uuid AND status = 'sending'
       GROUP BY claimed_by ORDER BY held DESC LIMIT 1`;
    doomedId = holders[0]?.worker ?? doomedId;
    const doomed = workers.get(doomedId)!;
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    const killedAt = Date.now();
    const held = await db.$queryRaw<{ id: string; started: boolean }[]>`
      SELECT id::text AS id,
             claim_expires_at > now() + make_interval(secs => ${RECOVERY_CLAIM_LEASE_SECONDS}::int) AS started
        FROM publishing_deliveries
       WHERE publication_id = ${publicationId}::uuid AND status = 'sending'
         AND claimed_by = ${doomedId}`;
    const unstarted = held.filter((row) => !row.started).map((row) => row.id);
    await until(
      async () =>
        (await db.delivery.count({ where: { id: { in: unstarted }, status: 'sent' } })) ===
        unstarted.length,
    );
    const unstartedSentSeconds = (Date.now() - killedAt) / 1000;
    await until(async () => {
      const { status } = await db.publication.findUniqueOrThrow({
        where: { id: publicationId },
        select: { status: true },
      });
      return status !== 'processing';
    });
    const completedSeconds = (Date.now() - killedAt) / 1000;
    const { status } = await db.publication.findUniqueOrThrow({
      where: { id: publicationId },
      select: { status: true },
    });
    const report = await sinkReport(sink, '/slow-recovery');
    return {
      unstarted: unstarted.length,
      started: held.length - unstarted.length,
      unstartedSentSeconds,
      completedSeconds,
      status,
      duplicates: report.requests - report.unique,
    };
  } finally {
    workers.get(doomedId)?.kill('SIGKILL');
    await Promise.all([...workers.values()].map(stopWorker));
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
  maxPerSecond: number;
  /** Requests in each second of the sink's clock, first to last (the first and last partial). */
  perSecond: number[];
  requests: number;
  unique: number;
  badSignatures: number;
  firstAt: number;
  lastAt: number;
}

async function sinkReport(child: ChildProcess, path: string): Promise<SinkReport> {
  const answer = once(child, 'message') as Promise<[SinkReport & { type: string }]>;
  child.send({ type: 'report', path });
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

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

function fairnessLines(fairness: Awaited<ReturnType<typeof benchFairness>>): string[] {
  const ratio = fairness.mixedSeconds / fairness.aloneSeconds;
  // The worker is one thread: beside email it must also do the emails' work. What the webhooks
  // cost it is what it spent beside email less what those emails cost alone.
  const emailCpuSeconds = (fairness.emailsMeanwhile * fairness.emailAlone.cpuMsPerEmail) / 1000;
  const webhookCpuRatio = (fairness.mixedCpuSeconds - emailCpuSeconds) / fairness.aloneCpuSeconds;
  const leastSeconds = Math.max(fairness.aloneSeconds, fairness.mixedCpuSeconds);
  return [
    `Fairness: ${MIXED_SUBSCRIBERS.toLocaleString('en')} subscribers; one worker (concurrency ${CONCURRENCY}, batch ${BATCH_SIZE})`,
    `  webhook alone:                       ${pad(fairness.aloneSeconds.toFixed(2), 7)} s until the last webhook (the first after ${fairness.aloneFirstSeconds.toFixed(2)} s)`,
    `  webhook beside email at ${EMAIL_RATE}/s:     ${pad(fairness.mixedSeconds.toFixed(2), 7)} s until the last webhook (the first after ${fairness.mixedFirstSeconds.toFixed(2)} s; ${fairness.emailsMeanwhile.toLocaleString('en')} emails sent meanwhile)`,
    `  worker CPU: ${fairness.aloneCpuSeconds.toFixed(2)} s alone, ${fairness.mixedCpuSeconds.toFixed(2)} s beside email, of which the emails' ${emailCpuSeconds.toFixed(2)} s (${fairness.emailAlone.cpuMsPerEmail.toFixed(2)} ms per email when it sends email alone: ${fairness.emailAlone.emails.toLocaleString('en')} in 8 s)`,
    `  webhooks' CPU beside email ÷ alone: ${webhookCpuRatio.toFixed(2)}  (target ≤ ${TARGET_MIXED_RATIO}: email makes each webhook no costlier)  ${verdict(webhookCpuRatio <= TARGET_MIXED_RATIO)}`,
    `  time beside email ÷ alone: ${ratio.toFixed(2)}; ÷ the least one worker thread could take (the longer of the time alone and the CPU it spent beside email): ${(fairness.mixedSeconds / leastSeconds).toFixed(2)}`,
    '',
  ];
}

function sharedLines(shared: Awaited<ReturnType<typeof benchSharedLimit>>): string[] {
  return [
    `Shared limit: three worker processes, one webhook channel at ${SHARED_RATE}/s (burst 1)`,
    `  most requests in one second at the sink: ${shared.maxPerSecond}  (target ≤ ${TARGET_SHARED_MAX_PER_SECOND})  ${verdict(shared.maxPerSecond <= TARGET_SHARED_MAX_PER_SECOND)}; seconds above it: ${shared.secondsOverTarget} (of ${shared.fullSeconds} full ones)`,
    `  overall: ${shared.requests.toLocaleString('en')} requests (${shared.unique.toLocaleString('en')} distinct) in ${shared.seconds.toFixed(2)} s = ${(shared.requests / shared.seconds).toFixed(1)}/s`,
    '',
  ];
}

function recoveryLines(recovery: Awaited<ReturnType<typeof benchRecovery>>): string[] {
  return [
    `Recovery: two worker processes (claim lease ${RECOVERY_CLAIM_LEASE_SECONDS} s); one killed with SIGKILL mid-send`,
    `  its claims at the kill: ${recovery.unstarted} not started, ${recovery.started} in flight`,
    `  unstarted claims all sent by the other worker ${recovery.unstartedSentSeconds.toFixed(2)} s after the kill  (target ≤ ${TARGET_RECOVERY_SECONDS})  ${verdict(recovery.unstartedSentSeconds <= TARGET_RECOVERY_SECONDS)}`,
    `  duplicate sends: ${recovery.duplicates} (at most the ${recovery.started} in flight)  ${verdict(recovery.duplicates <= recovery.started)}; publication ${recovery.status} ${recovery.completedSeconds.toFixed(2)} s after the kill`,
    '',
  ];
}
