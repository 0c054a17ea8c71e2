// The benchmark's database: a scratch database on DATABASE_URL's server (or on a throwaway embedded
// PostgreSQL), migrated by the shipped history, seeded, with one API key. `dispose()` removes it all.
const { createHash, randomBytes } = require('node:crypto');
const { join } = require('node:path');
const { Client } = require('pg');
const { applyMigrations } = require('@publishing/db/engine');
const { createDatabase, dropDatabase, startEmbeddedPostgres } = require('@publishing/db/postgres');

const MIGRATIONS_DIR = join(__dirname, '../../../prisma/migrations');

const SEED = { channels: 5, subscribers: 2_000, publications: 1_000 };

// Plain SQL, so the seed costs a second and does not depend on the code under test. Publications
// get 1–3 channels each and distinct created_at values, so "newest first" is a real ordering.
const SEED_SQL = `
INSERT INTO publishing_channels (name, channel_type, configuration, created_at, updated_at)
SELECT 'bench-channel-' || i,
       (ARRAY['email', 'slack', 'discord', 'webhook', 'rss'])[1 + (i - 1) % 5]::channel_type,
       jsonb_build_object('webhook_url', 'https://hooks.example.com/' || i),
       now(), now()
  FROM generate_series(1, ${SEED.channels}) AS i;

INSERT INTO publishing_subscribers
       (email, preferred_channel_types, topic_interests, subscription_status, created_at, updated_at)
SELECT 'seed-' || i || '@example.com',
       ARRAY[(ARRAY['email', 'slack'])[1 + i % 2]]::channel_type[],
       jsonb_build_object('technology', 0.8, 'finance', 0.2),
       (ARRAY['active', 'active', 'active', 'paused', 'unsubscribed'])[1 + i % 5]::subscription_status,
       now() - i * interval '1 minute', now() - i * interval '1 minute'
  FROM generate_series(1, ${SEED.subscribers}) AS i;

INSERT INTO publishing_subscriber_channels (subscriber_id, channel_id)
SELECT s.id, c.id
  FROM (SELECT id, row_number() OVER (ORDER BY email) AS n FROM publishing_subscribers) AS s
  JOIN (SELECT id, row_number() OVER (ORDER BY name) AS n FROM publishing_channels) AS c
    ON c.n = 1 + s.n % ${SEED.channels};

INSERT INTO publishing_publications
       (publication_type, status, scheduled_time, content_ids, personalization_rules,
        created_at, updated_at)
SELECT (ARRAY['newsletter', 'alert', 'digest', 'manual'])[1 + i % 4]::publication_type,
       (ARRAY['scheduled', 'processing', 'completed', 'failed', 'cancelled'])[1 + i % 5]::publication_status,
       now() + i * interval '1 hour',
       ARRAY[gen_random_uuid(), gen_random_uuid()],
       jsonb_build_object('segment', 'all', 'max_items', i % 10),
       now() - i * interval '1 minute', now() - i * interval '1 minute'
  FROM generate_series(1, ${SEED.publications}) AS i;

INSERT INTO publishing_publication_channels (publication_id, channel_id)
SELECT p.id, c.id
  FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM publishing_publications) AS p
  JOIN (SELECT id, row_number() OVER (ORDER BY name) AS n FROM publishing_channels) AS c
    ON (c.n + p.n) % ${SEED.channels} < 1 + p.n % 3;

ANALYZE;
`;

/** A key in the API's format (`pk_<8 alnum>_<43 base64url>`); only its SHA-256 is stored. */
function generateApiKey() {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const key = `pk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: createHash('sha256').update(key).digest('hex') };
}

async function withClient(url, work) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Returns `{ url, apiKey, seed, server, postgresVersion, migrationsDir, dispose }`. `dispose` is safe to call after a partial
 * set-up and more than once.
 */
async function prepareBenchDatabase({ log }) {
  const undo = [];
  const dispose = async () => {
    while (undo.length > 0) {
      const step = undo.pop();
      await step().catch((error) => log(`clean-up step failed: ${error.message}`));
    }
  };
  try {
    let serverUrl = process.env.DATABASE_URL;
    let server = 'DATABASE_URL server';
    if (!serverUrl) {
      log('starting an embedded PostgreSQL (DATABASE_URL is unset)');
      const embedded = await startEmbeddedPostgres();
      undo.push(() => embedded.stop());
      serverUrl = embedded.url;
      server = 'embedded PostgreSQL';
      log(`embedded PostgreSQL in ${embedded.dataDir}`);
    }
    const name = `bench_api_${process.pid}_${Date.now().toString(36)}`;
    const url = await createDatabase(serverUrl, name);
    undo.push(() => dropDatabase(serverUrl, name));

    log(`migrating ${name} (${MIGRATIONS_DIR})`);
    await applyMigrations({ url, migrationsDir: MIGRATIONS_DIR });

    log(
      `seeding ${SEED.channels} channels, ${SEED.subscribers} subscribers, ${SEED.publications} publications`,
    );
    const apiKey = generateApiKey();
    const postgresVersion = await withClient(url, async (client) => {
      await client.query(SEED_SQL);
      await client.query(
        'INSERT INTO publishing_api_keys (name, key_prefix, key_hash) VALUES ($1, $2, $3)',
        ['bench', apiKey.prefix, apiKey.hash],
      );
      return (await client.query('SHOW server_version')).rows[0].server_version;
    });
    return {
      url,
      apiKey: apiKey.key,
      seed: SEED,
      server,
      postgresVersion,
      migrationsDir: MIGRATIONS_DIR,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * The list-scale benchmark's data at one size: `rows` publications (one channel each, one in ten
 * failed) and subscribers (one in ten paused), rows / 10 alerts, deliveries of rows / 1,000
 * publications to 1,000 subscribers each (every publication's list has the same length at any
 * size), 5 channels and 50 templates; then VACUUM ANALYZE, as autovacuum would have done.
 */
function scaleSeedSql(rows) {
  const publicationsWithDeliveries = Math.max(1, Math.floor(rows / 1_000));
  return [
    `INSERT INTO publishing_channels (name, channel_type, created_at)
     SELECT 'scale-channel-' || i, 'webhook', now() - i * interval '1 second'
       FROM generate_series(1, 5) AS i`,
    `INSERT INTO publishing_templates (name, template_type, created_at)
     SELECT 'scale-template-' || i, 'email', now() - i * interval '1 second'
       FROM generate_series(1, 50) AS i`,
    `INSERT INTO publishing_publications (publication_type, status, scheduled_time, created_at)
     SELECT 'newsletter', (CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'completed' END)::publication_status,
            now(), now() - i * interval '1 second'
       FROM generate_series(1, ${rows}) AS i`,
    `INSERT INTO publishing_publication_channels (publication_id, channel_id)
     SELECT p.id, (SELECT id FROM publishing_channels ORDER BY name LIMIT 1)
       FROM publishing_publications p`,
    `INSERT INTO publishing_subscribers (email, subscription_status, created_at)
     SELECT 'scale-' || i || '@example.com',
            (CASE WHEN i % 10 = 0 THEN 'paused' ELSE 'active' END)::subscription_status,
            now() - i * interval '1 second'
       FROM generate_series(1, ${rows}) AS i`,
    `INSERT INTO publishing_alerts (content_id, target_channels, priority, created_at)
     SELECT gen_random_uuid(), '{}', 'high', now() - i * interval '1 second'
       FROM generate_series(1, ${Math.max(1, Math.floor(rows / 10))}) AS i`,
    `INSERT INTO publishing_deliveries (publication_id, subscriber_id, channel_id, status, created_at)
     SELECT p.id, s.id, (SELECT id FROM publishing_channels ORDER BY name LIMIT 1),
            (CASE WHEN s.n % 10 = 0 THEN 'failed' ELSE 'sent' END)::delivery_status, s.created_at
       FROM (SELECT id FROM publishing_publications ORDER BY created_at DESC, id DESC
              LIMIT ${publicationsWithDeliveries}) AS p
      CROSS JOIN (SELECT id, created_at, row_number() OVER (ORDER BY created_at DESC) AS n
                    FROM publishing_subscribers ORDER BY created_at DESC LIMIT 1000) AS s`,
    'VACUUM ANALYZE',
  ];
}

/** A migrated scratch database seeded with `scaleSeedSql(rows)` and one API key. */
async function prepareScaleDatabase({ log, rows }) {
  const undo = [];
  const dispose = async () => {
    while (undo.length > 0) {
      const step = undo.pop();
      await step().catch((error) => log(`clean-up step failed: ${error.message}`));
    }
  };
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      const embedded = await startEmbeddedPostgres();
      undo.push(() => embedded.stop());
      serverUrl = embedded.url;
    }
    const name = `bench_lists_${rows}_${process.pid}_${Date.now().toString(36)}`;
    const url = await createDatabase(serverUrl, name);
    undo.push(() => dropDatabase(serverUrl, name));
    await applyMigrations({ url, migrationsDir: MIGRATIONS_DIR });
    const started = Date.now();
    const apiKey = generateApiKey();
    const postgresVersion = await withClient(url, async (client) => {
      for (const statement of scaleSeedSql(rows)) await client.query(statement);
      await client.query(
        'INSERT INTO publishing_api_keys (name, key_prefix, key_hash) VALUES ($1, $2, $3)',
        ['bench', apiKey.prefix, apiKey.hash],
      );
      return (await client.query('SHOW server_version')).rows[0].server_version;
    });
    log(
      `seeded ${rows} publications and subscribers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return { url, apiKey: apiKey.key, postgresVersion, migrationsDir: MIGRATIONS_DIR, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

module.exports = { prepareBenchDatabase, prepareScaleDatabase, MIGRATIONS_DIR };
