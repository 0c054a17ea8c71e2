#!/usr/bin/env node
// The benchmark's baseline: node:http + one pg.Pool (10 connections, the API's default) answering
// the benchmarked routes with the statements the API's services send through Prisma (read from
// the driver's query log: the same statements, in the same order, with the same concurrency), the
// same API-key check (verified keys trusted for 10 s, as the API does) and the same JSON envelope.
// It is what the API would cost without Nest, Express, class-validator and Prisma; nothing else
// uses it.
//
// Env: DATABASE_URL, PORT, BARE_SQL=prisma (default: Prisma's statements) or minimal (the fewest
// round trips giving the same JSON, to size what Prisma's round trips cost).
const http = require('node:http');
const { Buffer } = require('node:buffer');
const { createHash, randomUUID, timingSafeEqual } = require('node:crypto');
const { URL } = require('node:url');
const { Pool } = require('pg');

const POOL_SIZE = 10;
const BODY_LIMIT = 1024 * 1024;
const MODE = process.env.BARE_SQL === 'minimal' ? 'minimal' : 'prisma';
const KEY_PATTERN = /^pk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CHANNEL_TYPES = new Set(['email', 'slack', 'discord', 'webhook', 'rss']);

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: POOL_SIZE,
  application_name: 'publishing-bench-bare',
});

const SUBSCRIBER_COLUMNS = `id, user_id, email, preferred_channel_types::text[], topic_interests,
  frequency_settings, personalization_data, subscription_status::text, created_at, updated_at`;

const PUBLICATION_COLUMNS = `id, publication_type::text, scheduled_time, published_time, status::text,
  content_ids, channel_results, engagement_metrics, personalization_applied, error_details,
  created_at, updated_at, template_id, personalization_rules`;

/**
 * A relation as Prisma's join strategy reads it (`relationLoadStrategy: 'join'`, the default with
 * the relationJoins preview): one LATERAL subquery per row aggregating the related rows into JSONB.
 * The API reads a page at an offset in two statements instead; the bench asks for no offset.
 */
const channelsLateral = (table, owner, order) => `LEFT JOIN LATERAL (
    SELECT COALESCE(JSONB_AGG(__prisma_data__), '[]') AS __prisma_data__ FROM (
      SELECT t3.__prisma_data__ FROM (
        SELECT JSONB_BUILD_OBJECT('channelId', t2.channel_id) AS __prisma_data__, t2.${order}, t2.channel_id
          FROM (SELECT t1.* FROM ${table} AS t1 WHERE t0.id = t1.${owner}) AS t2
      ) AS t3 ORDER BY t3.${order} ASC, t3.channel_id ASC
    ) AS t4
  ) AS channels ON true`;
const PUBLICATION_CHANNELS = channelsLateral(
  'publishing_publication_channels',
  'publication_id',
  'position',
);
const SUBSCRIBER_CHANNELS = channelsLateral(
  'publishing_subscriber_channels',
  'subscriber_id',
  'created_at',
);

const SQL = {
  apiKey: `SELECT id, name, key_prefix, key_hash, created_at, last_used_at, expires_at, revoked_at
             FROM publishing_api_keys WHERE key_prefix = $1 LIMIT 1`,
  publications: `SELECT ${PUBLICATION_COLUMNS}, channels.__prisma_data__ AS channels
                   FROM publishing_publications AS t0 ${PUBLICATION_CHANNELS}
                  WHERE 1=1 ORDER BY t0.created_at DESC, t0.id DESC LIMIT $1 OFFSET $2`,
  publicationById: `SELECT ${PUBLICATION_COLUMNS}, channels.__prisma_data__ AS channels
                      FROM publishing_publications AS t0 ${PUBLICATION_CHANNELS}
                     WHERE (t0.id = $1 AND 1=1) LIMIT 1`,
  // The API's bounded total: exact up to 10,000 rows, else the table's estimate (bounded-total.ts).
  publicationCount: `SELECT count(*) AS total FROM (SELECT id FROM publishing_publications
                      ORDER BY created_at DESC, id DESC LIMIT 10001) AS sub`,
  subscribers: `SELECT ${SUBSCRIBER_COLUMNS}, channels.__prisma_data__ AS channels
                  FROM publishing_subscribers AS t0 ${SUBSCRIBER_CHANNELS}
                 WHERE 1=1 ORDER BY t0.created_at DESC, t0.id DESC LIMIT $1 OFFSET $2`,
  subscriberCount: `SELECT count(*) AS total FROM (SELECT id FROM publishing_subscribers
                     ORDER BY created_at DESC, id DESC LIMIT 10001) AS sub`,
  estimate: `SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = $1::regclass`,
  publicationsWithChannels: `SELECT p.id, p.publication_type::text, p.scheduled_time, p.published_time,
                                    p.status::text, p.content_ids, p.channel_results,
                                    p.engagement_metrics, p.personalization_applied, p.error_details,
                                    p.created_at, p.updated_at, p.template_id, p.personalization_rules,
                                    ARRAY(SELECT pc.channel_id FROM publishing_publication_channels pc
                                           WHERE pc.publication_id = p.id
                                           ORDER BY pc.position, pc.channel_id) AS channel_ids
                               FROM publishing_publications p
                              ORDER BY p.created_at DESC, p.id DESC LIMIT $1 OFFSET $2`,
  insertSubscriber: `INSERT INTO publishing_subscribers
                            (user_id, email, preferred_channel_types, topic_interests,
                             frequency_settings, personalization_data, subscription_status,
                             created_at, updated_at)
                     VALUES ($1, $2, CAST($3::text[] AS channel_type[]), $4, $5, $6,
                             'active'::subscription_status, $7, $7)
                     RETURNING ${SUBSCRIBER_COLUMNS}`,
};

class HttpError extends Error {
  constructor(status, title, detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }
}

/** Hashes of verified keys and when to ask the database again (the API's AUTHENTICATION_CACHE_TTL_MS). */
const verifiedKeys = new Map();
const KEY_CACHE_MS = 10_000;

async function authenticate(request) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const key = bearer ?? request.headers['x-api-key'] ?? '';
  const hash = createHash('sha256').update(key).digest('hex');
  if ((verifiedKeys.get(hash) ?? 0) > Date.now()) return;
  const prefix = KEY_PATTERN.exec(key)?.[1];
  const row = prefix ? (await pool.query(SQL.apiKey, [prefix])).rows[0] : undefined;
  const expected = row ? Buffer.from(row.key_hash, 'hex') : Buffer.alloc(0);
  const actual = createHash('sha256').update(key).digest();
  const valid =
    row &&
    !row.revoked_at &&
    !(row.expires_at && row.expires_at <= new Date()) &&
    expected.length === actual.length &&
    timingSafeEqual(expected, actual);
  if (!valid)
    throw new HttpError(401, 'Unauthorized', 'The API key is invalid, expired or revoked.');
  verifiedKeys.set(hash, Date.now() + KEY_CACHE_MS);
}

function presentPublication(row, channelIds) {
  return {
    id: row.id,
    publication_type: row.publication_type,
    status: row.status,
    scheduled_time: row.scheduled_time.toISOString(),
    published_time: row.published_time?.toISOString() ?? null,
    content_ids: row.content_ids,
    channels: channelIds,
    template_id: row.template_id,
    personalization_rules: row.personalization_rules,
    channel_results: row.channel_results,
    engagement_metrics: row.engagement_metrics,
    personalization_applied: row.personalization_applied,
    error_details: row.error_details,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function presentSubscriber(row, channelIds) {
  return {
    id: row.id,
    user_id: row.user_id,
    email: row.email,
    subscription_status: row.subscription_status,
    preferred_channels: channelIds,
    preferred_channel_types: row.preferred_channel_types,
    topic_interests: row.topic_interests,
    frequency_settings: row.frequency_settings,
    personalization_data: row.personalization_data,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function pagination(url, defaultLimit) {
  const read = (name, fallback, min, max) => {
    const raw = url.searchParams.get(name);
    const value = raw === null ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new HttpError(400, 'Bad Request', `${name} must be an integer from ${min} to ${max}.`);
    }
    return value;
  };
  return { limit: read('limit', defaultLimit, 1, 100), offset: read('offset', 0, 0, 10_000) };
}

/** The channel ids of a row read with its channels joined, as Prisma maps them. */
const joinedChannels = (row) => row.channels.map((channel) => channel.channelId);

/** As Prisma runs a list with its relation: the page with its channels joined, the count beside it. */
async function readList(url, { defaultLimit, table, rowsSql, countSql }) {
  const { limit, offset } = pagination(url, defaultLimit);
  const [{ rows }, counted] = await Promise.all([
    pool.query(rowsSql, [limit + 1, offset]),
    pool.query(countSql),
  ]);
  return {
    limit,
    offset,
    rows,
    channelsOf: joinedChannels,
    table,
    counted: Number(counted.rows[0].total),
  };
}

async function listPage({ limit, offset, rows, channelsOf, table, counted }, present) {
  let total = counted;
  const exact = total <= 10_000;
  if (!exact) {
    const estimate = await pool.query(SQL.estimate, [table]);
    total = Math.max(total, Math.round(estimate.rows[0]?.estimate ?? 0));
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => present(row, channelsOf(row))),
    pagination: {
      total_count: total,
      total_count_exact: exact,
      limit,
      offset,
      next_cursor:
        rows.length > limit
          ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString(
              'base64url',
            )
          : null,
    },
  };
}

async function listPublications(url) {
  if (MODE === 'minimal') {
    const { limit, offset } = pagination(url, 20);
    const [list, count] = await Promise.all([
      pool.query(SQL.publicationsWithChannels, [limit + 1, offset]),
      pool.query(SQL.publicationCount),
    ]);
    const read = {
      limit,
      offset,
      rows: list.rows,
      channelsOf: (row) => row.channel_ids,
      table: 'publishing_publications',
      counted: Number(count.rows[0].total),
    };
    const { items, pagination: fields } = await listPage(read, presentPublication);
    return { status: 200, data: { publications: items, ...fields } };
  }
  const read = await readList(url, {
    defaultLimit: 20,
    table: 'publishing_publications',
    rowsSql: SQL.publications,
    countSql: SQL.publicationCount,
  });
  const { items, pagination: fields } = await listPage(read, presentPublication);
  return { status: 200, data: { publications: items, ...fields } };
}

async function listSubscribers(url) {
  const read = await readList(url, {
    defaultLimit: 50,
    table: 'publishing_subscribers',
    rowsSql: SQL.subscribers,
    countSql: SQL.subscriberCount,
  });
  const { items, pagination: fields } = await listPage(read, presentSubscriber);
  return { status: 200, data: { subscribers: items, ...fields } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function getPublication(id) {
  if (!UUID.test(id)) throw new HttpError(404, 'Not Found', `No publication ${id}.`);
  const { rows } = await pool.query(SQL.publicationById, [id]);
  if (rows.length === 0) throw new HttpError(404, 'Not Found', `No publication ${id}.`);
  return { status: 200, data: presentPublication(rows[0], joinedChannels(rows[0])) };
}

function readJsonBody(request) {
  return new Promise((resolve, reject) => {
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      reject(
        new HttpError(400, 'Bad Request', 'Send a JSON body (Content-Type: application/json).'),
      );
      return;
    }
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new HttpError(413, 'Payload Too Large', 'The body is larger than 1mb.'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'Bad Request', 'The body is not valid JSON.'));
      }
    });
  });
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The checks the bench's bodies meet; channel subscriptions are not supported here. */
function subscriberInput(body) {
  const email = typeof body?.email === 'string' ? body.email.trim() : '';
  const types = body?.preferred_channel_types ?? [];
  const objects = ['topic_interests', 'frequency_settings', 'personalization_data'];
  const valid =
    isObject(body) &&
    email.length <= 254 &&
    EMAIL.test(email) &&
    (body.user_id === undefined || body.user_id === null) &&
    (body.preferred_channels ?? []).length === 0 &&
    Array.isArray(types) &&
    types.every((type) => CHANNEL_TYPES.has(type)) &&
    objects.every((name) => body[name] === undefined || isObject(body[name]));
  if (!valid) throw new HttpError(400, 'Bad Request', 'The subscriber body is not valid.');
  return {
    email,
    types: [...new Set(types)],
    json: objects.map((name) => JSON.stringify(body[name] ?? {})),
  };
}

async function createSubscriber(request) {
  const input = subscriberInput(await readJsonBody(request));
  const now = new Date();
  const values = [null, input.email, input.types, ...input.json, now];
  try {
    const { rows } = await pool.query(SQL.insertSubscriber, values);
    return { status: 201, data: presentSubscriber(rows[0], []) };
  } catch (error) {
    if (error.code === '23505') {
      throw new HttpError(409, 'Conflict', 'A subscriber with this email already exists.');
    }
    throw error;
  }
}

function send(response, status, contentType, payload) {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

const PUBLICATION_PATH = '/api/v1/publications/';

async function handle(request, response) {
  const incoming = request.headers['x-correlation-id'];
  const correlationId = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Correlation-ID', correlationId);
  const url = new URL(request.url, 'http://bare.invalid');
  try {
    let result;
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /health') {
      result = { status: 200, data: { status: 'healthy' } };
    } else if (route === 'GET /api/v1/publications') {
      await authenticate(request);
      result = await listPublications(url);
    } else if (route === 'POST /api/v1/subscribers') {
      await authenticate(request);
      result = await createSubscriber(request);
    } else if (route === 'GET /api/v1/subscribers') {
      await authenticate(request);
      result = await listSubscribers(url);
    } else if (request.method === 'GET' && url.pathname.startsWith(PUBLICATION_PATH)) {
      await authenticate(request);
      result = await getPublication(url.pathname.slice(PUBLICATION_PATH.length));
    } else {
      throw new HttpError(404, 'Not Found', `No route ${request.method} ${url.pathname}.`);
    }
    send(response, result.status, 'application/json; charset=utf-8', {
      data: result.data,
      meta: { timestamp: new Date().toISOString(), request_id: correlationId },
      errors: [],
    });
  } catch (error) {
    const known = error instanceof HttpError;
    if (!known) process.stderr.write(`bare handler error: ${error.stack ?? error}\n`);
    const status = known ? error.status : 500;
    send(response, status, 'application/problem+json', {
      type: `https://httpstatuses.com/${status}`,
      title: known ? error.title : 'Internal Server Error',
      status,
      detail: known ? error.message : 'Unexpected error.',
      instance: url.pathname,
      traceId: correlationId,
    });
  }
}

const server = http.createServer((request, response) => void handle(request, response));

function shutDown() {
  server.close();
  server.closeAllConnections();
  pool.end().finally(() => process.exit(0));
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(
    `bare handler (${MODE} SQL, pool ${POOL_SIZE}) on port ${server.address().port}\n`,
  );
});
