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

module.exports = { prepareBenchDatabase, MIGRATIONS_DIR };
