#!/usr/bin/env node
// Part of `pnpm bench:api` (alone: `pnpm --filter @publishing/api bench:lists`): does a list
// route's cost grow with its table? The built API (apps/api/dist/main.js) is measured on a
// database seeded at each size of BENCH_LIST_SIZES (default 1000,1000000 publications and as many
// subscribers; see scaleSeedSql in bench-database.cjs), with autocannon on every list route.
// Prints p50/p99 per route and size, and p50 at the largest size ÷ p50 at the smallest; the target
// is ≤ 2×. A benchmark, not a test: a missed target is reported, not failed; non-2xx answers are.
//
// Needs `pnpm build` first. Database: scratch databases on DATABASE_URL's server, else on an
// embedded PostgreSQL, removed at the end. Env: BENCH_LIST_SIZES, BENCH_CONNECTIONS (10),
// BENCH_DURATION (5 s per route and size), BENCH_WARMUP (1 s).
const { spawn } = require('node:child_process');
const http = require('node:http');
const { once } = require('node:events');
const { randomBytes } = require('node:crypto');
const { existsSync } = require('node:fs');
const { createServer } = require('node:net');
const os = require('node:os');
const { join } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const autocannon = require('autocannon');
const { prepareScaleDatabase } = require('./bench-database.cjs');

const ROOT = join(__dirname, '../../..');
const API_MAIN = join(__dirname, '../dist/main.js');
const TARGET_RATIO = 2;

const sizes = (process.env.BENCH_LIST_SIZES ?? '1000,1000000').split(',').map((text) => {
  const size = Number(text.trim());
  if (!Number.isInteger(size) || size < 1000) {
    throw new Error(`BENCH_LIST_SIZES holds whole numbers ≥ 1000 (got "${text}").`);
  }
  return size;
});
const settings = {
  connections: positiveInt('BENCH_CONNECTIONS', 10),
  duration: positiveInt('BENCH_DURATION', 5),
  warmup: positiveInt('BENCH_WARMUP', 1),
};

function positiveInt(name, fallback) {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive whole number (got "${raw}").`);
  }
  return value;
}

const log = (message) => process.stderr.write(`[bench:lists] ${message}\n`);

/** Paths of every list route; `{publication}` is a publication that has 1,000 deliveries. */
const ROUTES = [
  '/api/v1/publications?limit=20',
  '/api/v1/publications?limit=20&status=failed',
  '/api/v1/publications?limit=20&offset=10000',
  '/api/v1/publications?limit=20&after={cursor}',
  '/api/v1/subscribers?limit=20',
  '/api/v1/subscribers?limit=20&status=paused',
  '/api/v1/publications/{publication}/deliveries?limit=20',
  '/api/v1/alerts?limit=20',
  '/api/v1/channels?limit=20',
  '/api/v1/templates?limit=20',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = http.get(url, { headers, timeout: 10_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, text }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`GET ${url} timed out`)));
    outgoing.on('error', reject);
  });
}

async function startApi(database) {
  const port = await freePort();
  const env = { ...process.env };
  for (const name of ['ALLOWED_HOSTS', 'CORS_ORIGINS', 'API_BASE_URL']) delete env[name];
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    env: {
      ...env,
      PORT: String(port),
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      SIGNING_SECRET: randomBytes(32).toString('base64url'),
      ON_PENDING_MIGRATIONS: 'refuse',
      MIGRATIONS_DIR: database.migrationsDir,
      RATE_LIMIT_PER_MINUTE: '1000000000',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      // Production refuses to start without its public https URL (links are built on it).
      API_BASE_URL: 'https://api.bench.example',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const answer = await get(`${url}/health/ready`).catch(() => undefined);
    if (answer?.status === 200) return { url, stop };
    await sleep(200);
  }
  await stop();
  throw new Error(`The API did not become ready:\n${output}`);
}

/** The route paths with their placeholders filled from this database's data. */
async function resolveRoutes(api, apiKey) {
  const headers = { authorization: `Bearer ${apiKey}` };
  const first = JSON.parse((await get(`${api.url}/api/v1/publications?limit=20`, headers)).text);
  const deep = JSON.parse(
    (await get(`${api.url}/api/v1/publications?limit=20&offset=10000`, headers)).text,
  );
  const cursor = deep.data.next_cursor ?? first.data.next_cursor;
  const publication = first.data.publications[0].id;
  return ROUTES.map((route) => ({
    name: route.replace('{cursor}', '…'),
    path: route.replace('{cursor}', cursor).replace('{publication}', publication),
  }));
}

async function measure(api, apiKey, route) {
  const run = (seconds) =>
    autocannon({
      url: `${api.url}${route.path}`,
      connections: settings.connections,
      duration: seconds,
      headers: { authorization: `Bearer ${apiKey}` },
    });
  await run(settings.warmup);
  const result = await run(settings.duration);
  const failures = result.non2xx + result.errors;
  if (failures > 0) throw new Error(`${route.name}: ${failures} requests failed.`);
  return { p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total };
}

async function measureSize(rows) {
  log(`seeding ${rows} rows`);
  const database = await prepareScaleDatabase({ log, rows });
  try {
    const api = await startApi(database);
    try {
      const routes = await resolveRoutes(api, database.apiKey);
      const results = new Map();
      for (const route of routes) {
        log(`${rows}: ${route.name}`);
        results.set(route.name, await measure(api, database.apiKey, route));
      }
      return { rows, results, postgresVersion: database.postgresVersion };
    } finally {
      await api.stop();
    }
  } finally {
    await database.dispose();
  }
}

function table(rows) {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => String(row[column]).length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => String(cell).padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main() {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`pnpm build\` first.`);
  const measured = [];
  for (const size of sizes) measured.push(await measureSize(size));
  const smallest = measured[0];
  const largest = measured.at(-1);
  const header = ['route'];
  for (const { rows } of measured) header.push(`p50 ms @${rows}`, `p99 ms @${rows}`);
  header.push(`p50 ×`);
  const lines = [header];
  const verdicts = [];
  for (const name of smallest.results.keys()) {
    const line = [name];
    for (const { results } of measured) {
      const { p50, p99 } = results.get(name);
      line.push(p50.toFixed(1), p99.toFixed(1));
    }
    const ratio = largest.results.get(name).p50 / Math.max(smallest.results.get(name).p50, 0.1);
    line.push(`${ratio.toFixed(2)}×`);
    lines.push(line);
    // The deepest offset reads 10,000 index entries at any size from 10,000 rows on; below that
    // its page is empty, so its ratio compares a bounded cost with none.
    if (ratio > TARGET_RATIO && !name.includes('offset=')) verdicts.push(name);
  }
  const cpus = os.cpus();
  console.log(
    [
      '',
      `List routes at ${sizes.join(' and ')} publications/subscribers: ${settings.connections} connections, ` +
        `${settings.warmup} s warm-up then ${settings.duration} s per route and size.`,
      '',
      table(lines),
      '',
      `target: p50 at ${largest.rows} ≤ ${TARGET_RATIO}× p50 at ${smallest.rows}: ` +
        (verdicts.length === 0 ? 'met by every route' : `MISSED by ${verdicts.join(', ')}`) +
        ' (offset=10000 is left out: it costs 10,000 index entries once the table has them, and' +
        ' finds an empty page below that)',
      `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ` +
        `PostgreSQL ${smallest.postgresVersion}; load average ${os
          .loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')} at the end.`,
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    log(error.stack ?? String(error));
    process.exit(1);
  },
);
