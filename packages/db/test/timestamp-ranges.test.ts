import { readdirSync } from 'node:fs';
import type { Client } from 'pg';
import { prismaPaths } from '../src/paths';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { runHistoryFile, withClient } from './support/sql';

const CHECK = '20261201233000_check_timestamp_ranges';
const VALIDATE = '20261201233100_validate_timestamp_ranges';
const BEFORE = readdirSync(prismaPaths.migrations, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name < CHECK)
  .map((entry) => entry.name)
  .sort();

const ids = {
  farFuture: '9b000000-0000-4000-8000-000000000a01',
  ancientSent: '9b000000-0000-4000-8000-000000000a02',
  fine: '9b000000-0000-4000-8000-000000000a03',
  farFutureCompleted: '9b000000-0000-4000-8000-000000000a04',
  key: 'a0000000-0000-4000-8000-000000000a01',
};

/** Rows the API let through before it validated instants in UTC (and one it never could write). */
async function insertOutOfRangeRows(client: Client): Promise<void> {
  await client.query(
    `INSERT INTO publishing_publications (id, publication_type, status, scheduled_time, published_time) VALUES
       ($1, 'manual', 'scheduled', '10000-01-01 23:58:59+00', NULL),
       ($2, 'manual', 'completed', '1900-01-01 00:00:00+00', '0500-06-01 00:00:00+00'),
       ($3, 'manual', 'scheduled', '2030-01-01 00:00:00+00', NULL),
       ($4, 'manual', 'completed', '12000-01-01 00:00:00+00', '2020-01-01 00:00:00+00')`,
    [ids.farFuture, ids.ancientSent, ids.fine, ids.farFutureCompleted],
  );
  await client.query(
    `INSERT INTO publishing_api_keys (id, name, key_prefix, key_hash, expires_at)
     VALUES ($1, 'k', 'pk_range', 'h', '30000-01-01 00:00:00+00')`,
    [ids.key],
  );
}

async function publications(client: Client) {
  const result = await client.query<{
    id: string;
    status: string;
    scheduled: string;
    published: string | null;
  }>(
    `SELECT id::text, status::text,
            to_char(scheduled_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS scheduled,
            to_char(published_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS published
       FROM publishing_publications ORDER BY id`,
  );
  return result.rows;
}

async function expiresAt(client: Client): Promise<string> {
  const result = await client.query<{ expires: string }>(
    `SELECT to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS expires FROM publishing_api_keys WHERE id = $1`,
    [ids.key],
  );
  return result.rows[0]?.expires ?? '';
}

describe('the timestamp range checks (20261201233000 and 20261201233100)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ contents: 'empty' });
  });
  afterAll(() => database.drop());

  it('repair out-of-range rows (archived, clamped, cancelled if still scheduled), validate, and the downs restore them', async () => {
    await withClient(database.url, async (client) => {
      for (const name of BEFORE) await runHistoryFile(client, name, 'migration.sql');
      await insertOutOfRangeRows(client);
      const original = {
        publications: await publications(client),
        expires: await expiresAt(client),
      };

      await runHistoryFile(client, CHECK, 'migration.sql');
      await runHistoryFile(client, VALIDATE, 'migration.sql');

      expect(await publications(client)).toEqual([
        {
          id: ids.farFuture,
          status: 'cancelled',
          scheduled: '9999-12-31T23:59:59.999',
          published: null,
        },
        {
          id: ids.ancientSent,
          status: 'completed',
          scheduled: '1970-01-01T00:00:00.000',
          published: '1970-01-01T00:00:00.000',
        },
        {
          id: ids.fine,
          status: 'scheduled',
          scheduled: '2030-01-01T00:00:00.000',
          published: null,
        },
        {
          id: ids.farFutureCompleted,
          status: 'completed',
          scheduled: '9999-12-31T23:59:59.999',
          published: '2020-01-01T00:00:00.000',
        },
      ]);
      expect(await expiresAt(client)).toBe('9999-12-31T23:59:59.999');
      const archive = await client.query<{ source_id: string; column_name: string }>(
        `SELECT source_id, column_name FROM publishing_legacy_archive
          WHERE starts_with(reason, 'check_timestamp_ranges:') ORDER BY source_id, column_name`,
      );
      expect(archive.rows).toEqual(
        [
          { source_id: ids.farFuture, column_name: 'scheduled_time' },
          { source_id: ids.farFuture, column_name: 'status' },
          { source_id: ids.ancientSent, column_name: 'published_time' },
          { source_id: ids.ancientSent, column_name: 'scheduled_time' },
          { source_id: ids.farFutureCompleted, column_name: 'scheduled_time' },
          { source_id: ids.key, column_name: 'expires_at' },
        ].sort((a, b) => (a.source_id + a.column_name).localeCompare(b.source_id + b.column_name)),
      );
      const validated = await client.query<{ conname: string; convalidated: boolean }>(
        `SELECT conname, convalidated FROM pg_constraint WHERE conname LIKE '%\\_range' ORDER BY conname`,
      );
      expect(validated.rows).toEqual([
        { conname: 'publishing_api_keys_expires_at_range', convalidated: true },
        { conname: 'publishing_publications_published_time_range', convalidated: true },
        { conname: 'publishing_publications_scheduled_time_range', convalidated: true },
      ]);

      await runHistoryFile(client, VALIDATE, 'down.sql');
      await runHistoryFile(client, CHECK, 'down.sql');

      expect({
        publications: await publications(client),
        expires: await expiresAt(client),
      }).toEqual(original);
      const left = await client.query(`SELECT 1 FROM publishing_legacy_archive`);
      expect(left.rows).toEqual([]);
    });
  });

  it.each(['10000-01-01 00:00:00+00', '1969-12-31 23:59:59.999+00', '9999-12-31 23:59:59-12:00'])(
    'on a migrated database refuse a scheduled_time of %s',
    async (instant) => {
      const migrated = await createTestDatabase();
      try {
        await withClient(migrated.url, async (client) => {
          await expect(
            client.query(
              `INSERT INTO publishing_publications (publication_type, scheduled_time) VALUES ('manual', $1)`,
              [instant],
            ),
          ).rejects.toMatchObject({
            code: '23514',
            constraint: 'publishing_publications_scheduled_time_range',
          });
        });
      } finally {
        await migrated.drop();
      }
    },
  );
});
