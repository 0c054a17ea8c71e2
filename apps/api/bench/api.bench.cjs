#!/usr/bin/env node
// `pnpm bench:api`: the built API (apps/api/dist/main.js) against a bare node:http + pg handler
// running the same SQL on the same data (bench/bare-server.cjs), and against a Nest floor
// (bench/nest-floor.cjs: Nest + Prisma calling the API's own services, none of its middleware,
// guards, pipes or interceptors), taking turns in one run, with autocannon on
// GET /api/v1/publications?limit=20, GET /api/v1/publications/{id}, GET /api/v1/subscribers?limit=50
// and POST /api/v1/subscribers (a new email per request), at each connection count. Prints
// requests/s, p50/p99, CPU per request and each server's ratio to the bare handler and to the floor;
// the target is API ≥ 0.8× bare's requests/s with a p99 at most 2× bare's. Also prints the API's
// cold start (spawn to /health/ready answering 200) and its RSS at idle and after the run (target:
// after ≤ 2× idle). A benchmark, not a test: a missed target is reported, not failed; errors or
// non-2xx answers are.
//
// Needs `pnpm build` first. Database: a scratch database on DATABASE_URL's server, else on an
// embedded PostgreSQL; both are removed at the end, as are the server processes.
// Env: BENCH_CONNECTIONS (10,50: a comma-separated list), BENCH_DURATION (10 s measured per server
// and route), BENCH_WARMUP (2 s), BENCH_ROUNDS (5 alternating slices), BENCH_LOG_LEVEL (the API's,
// warn), BARE_SQL (prisma | minimal, see bare-server.cjs), BENCH_ROUTES (only the routes whose name
// contains one of these comma-separated words, e.g. `{id},POST`), BENCH_NEST_FLOOR (express, the
// API's platform; fastify; express,fastify; none), BENCH_API_MAIN (the API build measured as `api`),
// BENCH_OTHER_APIS (more builds' dist/main.js, comma-separated, measured in the same turns and named
// `api:<folder above dist>`: an A/B of two builds), BENCH_API_OTHER_NODES (other node executables,
// comma-separated, each running the API beside it, named `api@node-<version>`), BENCH_API_NODE_OPTIONS (the APIs'
// NODE_OPTIONS), BENCH_API_NODE_ARGS and BENCH_FLOOR_NODE_ARGS (node's own arguments, space-separated,
// e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`, which NODE_OPTIONS refuses).
const { execFileSync, spawn } = require('node:child_process');
const http = require('node:http');
const { once } = require('node:events');
const { randomBytes } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const { createServer } = require('node:net');
const os = require('node:os');
const { basename, dirname, join } = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { setTimeout: sleep } = require('node:timers/promises');
const autocannon = require('autocannon');
const { prepareBenchDatabase } = require('./bench-database.cjs');

const ROOT = join(__dirname, '../../..');
const API_MAIN = process.env.BENCH_API_MAIN ?? join(__dirname, '../dist/main.js');
const BARE_SERVER = join(__dirname, 'bare-server.cjs');
const NEST_FLOOR = join(__dirname, 'nest-floor.cjs');
/** Other Node.js executables (comma-separated) to run the API on beside this one, named by version. */
const OTHER_NODES = (process.env.BENCH_API_OTHER_NODES ?? '')
  .split(',')
  .map((path) => path.trim())
  .filter(Boolean);
/** Other builds of the API measured beside it (comma-separated dist/main.js paths), named by folder. */
const OTHER_API_MAINS = (process.env.BENCH_OTHER_APIS ?? '')
  .split(',')
  .map((path) => path.trim())
  .filter(Boolean);
const TARGET_RATIO = 0.8;
const TARGET_P99_RATIO = 2;
const TARGET_RSS_GROWTH = 2;
const STARTUP_TIMEOUT_MS = 60_000;

const settings = {
  connections: positiveInts('BENCH_CONNECTIONS', [10, 50]),
  duration: positiveInt('BENCH_DURATION', 10),
  warmup: positiveInt('BENCH_WARMUP', 2),
  rounds: positiveInt('BENCH_ROUNDS', 5),
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
  nestFloors: nestFloors(),
};

const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
let emailCounter = 0;
const nextSubscriber = () => ({
  email: `bench-${runId}-${++emailCounter}@example.com`,
  topic_interests: { technology: 0.8 },
});

/** A publication id from the seed, set before the first load. */
let publicationId;

const ALL_ROUTES = [
  {
    name: 'GET /api/v1/publications?limit=20',
    method: 'GET',
    path: '/api/v1/publications?limit=20',
  },
  {
    name: 'GET /api/v1/publications/{id}',
    method: 'GET',
    get path() {
      return `/api/v1/publications/${publicationId}`;
    },
  },
  {
    name: 'GET /api/v1/subscribers?limit=50',
    method: 'GET',
    path: '/api/v1/subscribers?limit=50',
  },
  {
    name: 'POST /api/v1/subscribers',
    method: 'POST',
    path: '/api/v1/subscribers',
    body: nextSubscriber,
  },
];

const routeFilter = (process.env.BENCH_ROUTES ?? '')
  .split(',')
  .map((word) => word.trim())
  .filter(Boolean);
const ROUTES =
  routeFilter.length === 0
    ? ALL_ROUTES
    : ALL_ROUTES.filter((route) => routeFilter.some((word) => route.name.includes(word)));
if (ROUTES.length === 0)
  throw new Error(`BENCH_ROUTES matches no route (${routeFilter.join(', ')}).`);

function nestFloors() {
  const raw = process.env.BENCH_NEST_FLOOR ?? 'express';
  if (raw === 'none') return [];
  const platforms = raw.split(',').map((part) => part.trim());
  if (!platforms.every((platform) => /^(express|fastify)(\+als)?$/.test(platform))) {
    throw new Error(
      `BENCH_NEST_FLOOR must be none or a comma-separated list of express, fastify, express+als, fastify+als (got "${raw}").`,
    );
  }
  return platforms;
}

function positiveInt(name, fallback) {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive whole number (got "${raw}").`);
  }
  return value;
}

function positiveInts(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (!values.every((value) => Number.isInteger(value) && value > 0)) {
    throw new Error(
      `${name} must be whole numbers separated by commas, like 10,50 (got "${raw}").`,
    );
  }
  return values;
}

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Interruption: Ctrl-C stops the running load and falls through to the clean-up in main().

let interrupted;
let currentLoad;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    log(`${signal}: stopping and cleaning up`);
    interrupted = new Error(`interrupted by ${signal}`);
    currentLoad?.stop();
  });
}

function throwIfAborted() {
  if (interrupted) throw interrupted;
}

// ---------------------------------------------------------------------------------------------
// Processes

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

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process in MiB, from /proc (Linux); NaN elsewhere. */
function processRssMiB(pid) {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? Number.NaN : Number(kib) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** A small HTTP client for the set-up checks (autocannon does the measuring). */
function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method, headers, timeout: 10_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, headers: response.headers, text }),
      );
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${url} timed out`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Spawns `node script` and resolves once `readyPath` answers 200; its output is kept for errors. */
async function startServer(name, script, env, readyPath, nodeArgs = [], node = process.execPath) {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(node, [...nodeArgs, script], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const keep = (chunk) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = once(child, 'exit').then(([code, signal]) => {
    exited = true;
    return { code, signal };
  });

  const server = {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    output: () => lines.join('\n'),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exit;
      }
    },
  };

  // Until the caller holds `server`, this function owns the child: stop it on any failure.
  try {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (;;) {
      throwIfAborted();
      if (exited) {
        const { code, signal } = await exit;
        throw new Error(
          `${name} exited (${signal ?? code}) before it was ready:\n${server.output()}`,
        );
      }
      const answer = await request(`${server.url}${readyPath}`).catch(() => undefined);
      if (answer?.status === 200) {
        server.coldStartMs = performance.now() - spawnedAt;
        return server;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${name} was not ready within ${STARTUP_TIMEOUT_MS / 1000} s:\n${server.output()}`,
        );
      }
      await sleep(25);
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Checks: every server gives the bare handler's answers, so they do the same work.

async function checkSameAnswers(servers, apiKey) {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  // Every read before any create: a new subscriber would head the subscribers list.
  const answers = [];
  for (const server of servers) {
    const reads = [];
    for (const route of ALL_ROUTES.filter((candidate) => !candidate.body)) {
      reads.push({ route, answer: await request(`${server.url}${route.path}`, { headers }) });
    }
    answers.push({ server, reads });
  }
  for (const answer of answers) {
    answer.created = await request(`${answer.server.url}/api/v1/subscribers`, {
      method: 'POST',
      headers,
      body: JSON.stringify(nextSubscriber()),
    });
  }
  for (const { server, reads, created } of answers) {
    for (const { route, answer } of [...reads, { route: { name: 'create' }, answer: created }]) {
      if (answer.status !== (answer === created ? 201 : 200)) {
        throw new Error(
          `${server.name} answered ${answer.status} to ${route.name}:\n${answer.text.slice(0, 500)}`,
        );
      }
    }
  }
  const parsed = answers.map(({ server, reads, created }) => ({
    server,
    reads: reads.map(({ route, answer }) => ({ route, body: JSON.parse(answer.text) })),
    created: JSON.parse(created.text),
    correlationId: reads[0].answer.headers['x-correlation-id'],
  }));
  const shape = (envelope) => ({
    keys: Object.keys(envelope).sort(),
    meta: Object.keys(envelope.meta).sort(),
    errors: envelope.errors,
  });
  const subscriberKeys = (envelope) => Object.keys(envelope.data).sort();
  const bare = parsed.find((answer) => answer.server.name === 'bare');
  const problems = [];
  for (const other of parsed.filter((answer) => answer !== bare)) {
    const name = other.server.name;
    other.reads.forEach(({ route, body }, index) => {
      const expected = bare.reads[index].body;
      if (!isDeepStrictEqual(body.data, expected.data))
        problems.push(`${name} ${route.name}: the data differ`);
      if (!isDeepStrictEqual(shape(body), shape(expected)))
        problems.push(`${name} ${route.name}: the envelopes differ`);
    });
    if (!isDeepStrictEqual(subscriberKeys(other.created), subscriberKeys(bare.created))) {
      problems.push(`${name}: the created subscribers have different fields`);
    }
  }
  if (parsed.some((answer) => !answer.correlationId))
    problems.push('an X-Correlation-ID is missing');
  if (problems.length > 0) {
    throw new Error(`The servers do not answer like the bare handler: ${problems.join('; ')}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Load

function load(server, route, apiKey, seconds, connections) {
  const headers = { authorization: `Bearer ${apiKey}` };
  if (route.body) headers['content-type'] = 'application/json';
  const instance = autocannon({
    url: `${server.url}${route.path}`,
    connections,
    duration: seconds,
    skipAggregateResult: true,
    headers,
    method: route.method,
    requests: route.body
      ? [
          {
            method: route.method,
            path: route.path,
            setupRequest: (outgoing) => ({ ...outgoing, body: JSON.stringify(route.body()) }),
          },
        ]
      : undefined,
  });
  currentLoad = instance;
  return instance.then(
    (result) => {
      currentLoad = undefined;
      throwIfAborted();
      return result;
    },
    (error) => {
      currentLoad = undefined;
      throw error;
    },
  );
}

/**
 * Every server warms up, then they take turns in short slices (api, bare, floor, floor, bare, api,
 * …) until each has had `duration` seconds: the load of other processes on a shared machine then
 * drifts over all alike instead of favouring whichever ran first. Slices are merged: requests/s over the summed
 * time, percentiles from the merged latency histograms.
 */
async function measureRoute(route, servers, apiKey, connections) {
  const slice = settings.duration / settings.rounds;
  log(
    `${route.name}, ${connections} connections: ${settings.warmup} s warm-up each, then ${settings.rounds} × ${slice} s per server`,
  );
  for (const server of servers) await load(server, route, apiKey, settings.warmup, connections);
  const slices = new Map(servers.map((server) => [server, []]));
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      const cpuBefore = processCpuMs(server.pid);
      const part = await load(server, route, apiKey, slice, connections);
      part.serverCpuMs = processCpuMs(server.pid) - cpuBefore;
      slices.get(server).push(part);
    }
  }
  return servers.map((server) => {
    const parts = slices.get(server);
    const sum = (field) => parts.reduce((total, part) => total + part[field], 0);
    const merged = autocannon.aggregateResult(parts, {
      url: `${server.url}${route.path}`,
      connections,
    });
    const statusCodes = {};
    for (const part of parts) {
      for (const [code, { count }] of Object.entries(part.statusCodeStats)) {
        statusCodes[code] = (statusCodes[code] ?? 0) + count;
      }
    }
    return {
      route: route.name,
      connections,
      server: server.name,
      rps: sum('totalCompletedRequests') / sum('duration'),
      cpuPerRequest: sum('serverCpuMs') / sum('totalCompletedRequests'),
      p50: merged.latency.p50,
      p99: merged.latency.p99,
      total: sum('totalCompletedRequests'),
      // autocannon's errors include its timeouts.
      failures: sum('non2xx') + sum('errors'),
      statusCodes,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Report

function table(rows) {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => String(row[column]).length)),
  );
  const numeric = (text) => /^[\d.,×-]+$/.test(text);
  return rows
    .map((row, index) =>
      row
        .map((cell, column) => {
          const text = String(cell);
          return index > 0 && numeric(text)
            ? text.padStart(widths[column])
            : text.padEnd(widths[column]);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function report(results, context) {
  const rows = [
    [
      'route',
      'conns',
      'server',
      'requests/s',
      'p50 ms',
      'p99 ms',
      'CPU ms/req',
      'requests',
      'failed',
      'req/s ÷ bare',
      'p99 ÷ bare',
      'req/s ÷ floor',
    ],
  ];
  const verdicts = [];
  for (const connections of settings.connections) {
    for (const route of ROUTES) {
      const measured = results.filter(
        (result) => result.route === route.name && result.connections === connections,
      );
      const find = (server) => measured.find((result) => result.server === server);
      const api = find('api');
      const bare = find('bare');
      // The first Nest floor is the one the API runs on (Express).
      const floor = measured.find((result) => result.server.startsWith('nest-'));
      const ratio = api.rps / bare.rps;
      const p99Ratio = api.p99 / bare.p99;
      for (const result of measured) {
        const baseline = result === bare;
        rows.push([
          route.name,
          String(connections),
          result.server,
          result.rps.toFixed(1),
          result.p50.toFixed(1),
          result.p99.toFixed(1),
          Number.isFinite(result.cpuPerRequest) ? result.cpuPerRequest.toFixed(2) : '-',
          String(result.total),
          String(result.failures),
          baseline ? '' : `${(result.rps / bare.rps).toFixed(2)}×`,
          baseline ? '' : `${(result.p99 / bare.p99).toFixed(2)}×`,
          floor && !baseline && result !== floor ? `${(result.rps / floor.rps).toFixed(2)}×` : '',
        ]);
      }
      const met = ratio >= TARGET_RATIO && p99Ratio <= TARGET_P99_RATIO;
      // A slice shorter than autocannon's 10 s timeout can end with no answer counted at all.
      const verdict =
        api.total === 0 || bare.total === 0
          ? 'NO ANSWER within the measured time (machine overloaded?): not measured'
          : `${ratio.toFixed(2)}×, p99 ${p99Ratio.toFixed(2)}× ${met ? 'met' : 'MISSED'}` +
            (floor
              ? ` (the Nest floor, no API layer of ours: ${(floor.rps / bare.rps).toFixed(2)}×)`
              : '');
      verdicts.push(`${route.name} @${connections}: ${verdict}`);
    }
  }
  const { coldStartMs, rssIdle, rssAfter } = context.api;
  const growth = rssAfter / rssIdle;
  const [one, five, fifteen] = os.loadavg().map((value) => value.toFixed(2));
  const cpus = os.cpus();
  console.log(
    [
      '',
      `API benchmark: ${settings.connections.join(' and ')} connections; per route ${settings.warmup} s warm-up each, ` +
        `then ${settings.duration} s per server in ${settings.rounds} slices, the servers taking turns ` +
        `(in reverse every other round); same database; API LOG_LEVEL=${settings.logLevel}`,
      `data: ${context.seed.channels} channels, ${context.seed.subscribers} subscribers, ` +
        `${context.seed.publications} publications; bare SQL: ${process.env.BARE_SQL === 'minimal' ? 'minimal' : "Prisma's statements"}`,
      '',
      table(rows),
      'CPU ms/req: user + system CPU of the server process per answer (PostgreSQL not included).',
      '',
      `target: API ≥ ${TARGET_RATIO}× the bare handler's requests/s and p99 ≤ ${TARGET_P99_RATIO}× its p99:`,
      ...verdicts.map((verdict) => `  ${verdict}`),
      `API cold start (spawn to /health/ready 200): ${coldStartMs.toFixed(0)} ms ` +
        `(bare handler to /health: ${context.bare.coldStartMs.toFixed(0)} ms)`,
      `API RSS: ${rssIdle.toFixed(1)} MiB idle, ${rssAfter.toFixed(1)} MiB after the run ` +
        `(${growth.toFixed(2)}×; target ≤ ${TARGET_RSS_GROWTH}×: ${growth <= TARGET_RSS_GROWTH ? 'met' : 'MISSED'})`,
      `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ` +
        `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, ` +
        `PostgreSQL ${context.postgresVersion} (${context.server}); load average ${context.loadAtStart} at start, ` +
        `${one} ${five} ${fifteen} at the end. Load generator, servers and PostgreSQL share these CPUs.`,
      '',
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------

async function firstPublicationId(server, apiKey) {
  const answer = await request(`${server.url}/api/v1/publications?limit=1`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  const id = JSON.parse(answer.text).data?.publications?.[0]?.id;
  if (!id) throw new Error(`No publication to read by id: ${answer.status} ${answer.text}`);
  return id;
}

async function main() {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`pnpm build\` first.`);
  const loadAtStart = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const cleanUp = [];
  try {
    const database = await prepareBenchDatabase({ log });
    cleanUp.push(() => database.dispose());
    throwIfAborted();

    const baseEnv = { ...process.env };
    for (const name of ['ALLOWED_HOSTS', 'CORS_ORIGINS', 'API_BASE_URL', 'PORT'])
      delete baseEnv[name];
    const apiEnv = {
      ...baseEnv,
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      SIGNING_SECRET: randomBytes(32).toString('base64url'),
      ON_PENDING_MIGRATIONS: 'refuse',
      MIGRATIONS_DIR: database.migrationsDir,
      RATE_LIMIT_PER_MINUTE: '1000000000',
      // Another API on this machine may hold the default metrics port; the bench reads none.
      METRICS_PORT: '0',
      LOG_LEVEL: settings.logLevel,
      ...(process.env.BENCH_API_NODE_OPTIONS === undefined
        ? {}
        : { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS }),
      // Production refuses to start without its public https URL (links are built on it).
      API_BASE_URL: 'https://api.bench.example',
    };
    const apiNodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const api = await startServer('api', API_MAIN, apiEnv, '/health/ready', apiNodeArgs);
    cleanUp.push(() => api.stop());
    const bare = await startServer(
      'bare',
      BARE_SERVER,
      { ...baseEnv, DATABASE_URL: database.url },
      '/health',
    );
    cleanUp.push(() => bare.stop());
    const servers = [api, bare];
    for (const platform of settings.nestFloors) {
      const floor = await startServer(
        `nest-${platform}`,
        NEST_FLOOR,
        {
          ...baseEnv,
          DATABASE_URL: database.url,
          FLOOR_PLATFORM: platform.replace('+als', ''),
          FLOOR_ASYNC_CONTEXT: platform.endsWith('+als') ? '1' : '0',
        },
        '/health',
        (process.env.BENCH_FLOOR_NODE_ARGS ?? '').split(' ').filter(Boolean),
      );
      cleanUp.push(() => floor.stop());
      servers.push(floor);
    }
    for (const main of OTHER_API_MAINS) {
      const name = `api:${basename(dirname(dirname(main)))}`;
      const other = await startServer(name, main, apiEnv, '/health/ready', apiNodeArgs);
      cleanUp.push(() => other.stop());
      servers.push(other);
    }
    for (const node of OTHER_NODES) {
      const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
      const name = `api@node-${version}`;
      const other = await startServer(name, API_MAIN, apiEnv, '/health/ready', apiNodeArgs, node);
      cleanUp.push(() => other.stop());
      servers.push(other);
    }
    log(servers.map((server) => `${server.name} pid ${server.pid} on ${server.url}`).join(', '));

    const rssIdle = processRssMiB(api.pid);
    publicationId = await firstPublicationId(bare, database.apiKey);
    await checkSameAnswers(servers, database.apiKey);

    const results = [];
    for (const connections of settings.connections) {
      for (const route of ROUTES) {
        results.push(...(await measureRoute(route, servers, database.apiKey, connections)));
      }
    }
    const rssAfter = processRssMiB(api.pid);
    report(results, {
      ...database,
      loadAtStart,
      api: { coldStartMs: api.coldStartMs, rssIdle, rssAfter },
      bare: { coldStartMs: bare.coldStartMs },
    });

    const failed = results.filter((result) => result.failures > 0);
    if (failed.length > 0) {
      for (const result of failed) {
        log(
          `${result.server} ${result.route}: ${result.failures} failed requests, status codes ${JSON.stringify(result.statusCodes)}`,
        );
      }
      log(`api output (last lines):\n${api.output()}`);
      throw new Error('Some requests failed: the numbers above do not measure the intended work.');
    }
  } finally {
    while (cleanUp.length > 0) {
      await cleanUp
        .pop()()
        .catch((error) => log(`clean-up failed: ${error.message}`));
    }
  }
}

main().then(
  () => process.exit(interrupted ? 130 : 0),
  (error) => {
    log(interrupted ? interrupted.message : (error.stack ?? String(error)));
    process.exit(interrupted ? 130 : 1);
  },
);
