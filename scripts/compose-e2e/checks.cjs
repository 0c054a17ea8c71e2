#!/usr/bin/env node
// The HTTP side of scripts/compose-e2e.sh: each command checks one thing against the running
// stack, prints what it saw, and exits non-zero (with the reason on stderr) when the check fails.
//   ready <base url> <timeout seconds>                 GET /health/ready until 200; prints the ms
//   deliver <base url> <api key> <out file>            a webhook channel to a sink on 127.0.0.1,
//                                                      subscribers, a publication due now: every
//                                                      delivery arrives signed, the publication ends
//                                                      completed; writes {publication_id} to <out file>
//   publication <base url> <api key> <id> <status>     the publication exists with that status
//   loop <url> <stop file> <max seconds>               GETs the url until <stop file> exists:
//                                                      every answer must be a 200
//   order < `docker events --format '{{json .}}'` of the project's containers
//                                                      postgres healthy before the migrator started,
//                                                      the migrator exited 0 before api and worker
//                                                      started
'use strict';

const { randomUUID } = require('node:crypto');
const { existsSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:http');
const { join } = require('node:path');

// The project's own receiver-side check (packages/channels, built by the script first).
const { SIGNATURE_HEADER, verifyWebhookSignature } = require(
  join(__dirname, '..', '..', 'packages', 'channels'),
);

const SUBSCRIBERS = 3;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class CheckFailed extends Error {}

async function call(base, key, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok)
    throw new CheckFailed(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text).data;
}

async function ready(base, timeoutSeconds) {
  const started = Date.now();
  const deadline = started + Number(timeoutSeconds) * 1000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(3000) });
      if (response.status === 200) {
        console.log(Date.now() - started);
        return;
      }
      last = `${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(250);
  }
  throw new CheckFailed(
    `${base}/health/ready did not answer 200 in ${timeoutSeconds} s (last: ${last})`,
  );
}

function startSink(secret) {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        body,
        signed: verifyWebhookSignature(secret, request.headers[SIGNATURE_HEADER], body),
        delivery: request.headers['x-publishing-delivery'],
      });
      response.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, received, port: server.address().port }));
  });
}

async function deliver(base, key, outFile) {
  const secret = `e2e-${randomUUID()}`;
  const sink = await startSink(secret);
  try {
    const channel = await call(base, key, 'POST', '/api/v1/channels', {
      name: `compose-e2e-${randomUUID()}`,
      channel_type: 'webhook',
      configuration: { url: `http://127.0.0.1:${sink.port}/hook`, signing_secret: secret },
    });
    for (let index = 0; index < SUBSCRIBERS; index += 1)
      await call(base, key, 'POST', '/api/v1/subscribers', {
        email: `compose-e2e-${randomUUID()}@example.com`,
        preferred_channels: [channel.id],
      });
    const publication = await call(base, key, 'POST', '/api/v1/publications', {
      channels: [channel.id],
      publication_type: 'alert',
    });
    const deadline = Date.now() + 60_000;
    let current = publication;
    while (Date.now() < deadline) {
      current = await call(base, key, 'GET', `/api/v1/publications/${publication.id}`);
      if (current.status === 'completed' && sink.received.length >= SUBSCRIBERS) break;
      if (current.status === 'failed')
        throw new CheckFailed(`publication failed: ${JSON.stringify(current.error_details)}`);
      await sleep(500);
    }
    const unsigned = sink.received.filter((request) => !request.signed);
    const deliveries = new Set(sink.received.map((request) => request.delivery));
    console.log(
      `publication ${publication.id}: ${current.status}; sink received ${sink.received.length} ` +
        `request(s), ${deliveries.size} distinct deliveries, ${unsigned.length} with a bad signature`,
    );
    if (current.status !== 'completed')
      throw new CheckFailed(`publication still "${current.status}" after 60 s`);
    if (sink.received.length !== SUBSCRIBERS || deliveries.size !== SUBSCRIBERS)
      throw new CheckFailed(`expected ${SUBSCRIBERS} deliveries, one per subscriber`);
    if (unsigned.length > 0)
      throw new CheckFailed(`signature did not verify: ${unsigned[0].body.slice(0, 300)}`);
    writeFileSync(outFile, JSON.stringify({ publication_id: publication.id }));
  } finally {
    sink.server.close();
  }
}

async function publication(base, key, id, status) {
  const found = await call(base, key, 'GET', `/api/v1/publications/${id}`);
  console.log(`publication ${id}: ${found.status}`);
  if (found.status !== status)
    throw new CheckFailed(`expected "${status}", found "${found.status}"`);
}

async function loop(url, stopFile, maxSeconds) {
  const deadline = Date.now() + Number(maxSeconds) * 1000;
  let ok = 0;
  const failures = [];
  while (!existsSync(stopFile)) {
    if (Date.now() > deadline) {
      failures.push(`no stop file after ${maxSeconds} s`);
      break;
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.status === 200) ok += 1;
      else failures.push(`${new Date().toISOString()} ${response.status}`);
    } catch (error) {
      failures.push(`${new Date().toISOString()} ${error.cause?.code ?? error.message}`);
    }
    await sleep(50);
  }
  console.log(`${ok} request(s) answered 200, ${failures.length} failed`);
  if (failures.length > 0) throw new CheckFailed(`failures: ${failures.slice(0, 10).join('; ')}`);
}

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

async function order() {
  const events = (await readStdin())
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line))
    .map((event) => ({
      at: Number(BigInt(event.timeNano) / 1_000_000n),
      service: event.Actor.Attributes['com.docker.compose.service'],
      action: event.Action,
      exitCode: event.Actor.Attributes.exitCode,
    }))
    .sort((a, b) => a.at - b.at);
  for (const event of events)
    console.log(
      `${new Date(event.at).toISOString()}  ${event.service} ${event.action}` +
        (event.exitCode === undefined ? '' : ` (exit ${event.exitCode})`),
    );
  const first = (service, action) =>
    events.find((event) => event.service === service && event.action === action);
  const healthy = first('postgres', 'health_status: healthy');
  const migratorStarted = first('migrator', 'start');
  const migratorExited = first('migrator', 'die');
  if (!healthy) throw new CheckFailed('postgres never reported healthy');
  if (!migratorStarted || migratorStarted.at < healthy.at)
    throw new CheckFailed('the migrator did not start after postgres was healthy');
  if (!migratorExited || migratorExited.exitCode !== '0')
    throw new CheckFailed('the migrator did not exit 0');
  for (const service of ['api', 'worker']) {
    const started = first(service, 'start');
    if (!started || started.at < migratorExited.at)
      throw new CheckFailed(`${service} did not start after the migrator exited`);
  }
}

const commands = { ready, deliver, publication, loop, order };
const [name, ...args] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(`usage: checks.cjs ${Object.keys(commands).join('|')} …`);
  process.exit(2);
}
command(...args).catch((error) => {
  console.error(`${name}: ${error instanceof CheckFailed ? error.message : error.stack}`);
  process.exit(1);
});
