import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { ledger, query } from './support/database';
import { createMigrationsFolder } from './support/migrations-folder';
import { REPOSITORY_ROOT, runMigrator } from './support/run-migrator';

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

/** A database as the Python service's create_all left it, with rows. */
async function legacyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ contents: 'empty' });
  cleanups.push(database.drop);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const read = (path: string) => readFile(join(REPOSITORY_ROOT, 'prisma', path), 'utf8');
    await client.query(await read('migrations/20250601000000_legacy_baseline/migration.sql'));
    await client.query(await read('test-fixtures/legacy-rows.sql'));
  } finally {
    await client.end();
  }
  return database;
}

describe('adopting a create_all database', () => {
  it('baselines a matching database, then deploy upgrades it keeping its rows', async () => {
    const database = await legacyDatabase();
    const env = { DATABASE_URL: database.url };

    const baseline = await runMigrator(['baseline', '--json'], env);
    expect(baseline.code, baseline.stdout).toBe(0);
    expect(baseline.json).toMatchObject({ baselined: ['20250601000000_legacy_baseline'] });

    const deploy = await runMigrator(['deploy'], env);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(
      await query(database.url, 'SELECT count(*)::int AS subscribers FROM publishing_subscribers'),
    ).toEqual([{ subscribers: 5 }]);
    const status = await runMigrator(['status', '--json'], env);
    expect(status.json).toMatchObject({ atHead: true, drift: { drifted: false } });
  });

  it('refuses a database that differs from the baseline, listing the differences', async () => {
    const database = await legacyDatabase();
    await query(
      database.url,
      'ALTER TABLE publishing_channels ADD COLUMN owner text; DROP INDEX ix_publishing_templates_is_active',
    );

    const run = await runMigrator(['baseline'], { DATABASE_URL: database.url });

    expect(run.code).toBe(3);
    expect(run.stdout).toContain('+ present, not in the history: column publishing_channels.owner');
    expect(run.stdout).toContain(
      '- expected, missing: index CREATE INDEX ix_publishing_templates_is_active',
    );
    expect(await ledger(database.url)).toEqual([]);
  });
});

describe('adopting a database the Alembic plan stamped', () => {
  const REVISION = '3f2a1c9d8e7b';

  /** The legacy database after Alembic's first revision ran: its bookkeeping table, stamped. */
  async function alembicStampedDatabase(): Promise<TestDatabase> {
    const database = await legacyDatabase();
    await query(
      database.url,
      `CREATE TABLE alembic_version (
         version_num VARCHAR(32) NOT NULL,
         CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
       );
       INSERT INTO alembic_version (version_num) VALUES ('${REVISION}')`,
    );
    return database;
  }

  const alembicTableExists = async (url: string) =>
    (
      await query<{ present: boolean }>(
        url,
        "SELECT to_regclass('alembic_version') IS NOT NULL AS present",
      )
    )[0]?.present;

  it('recognises alembic_version, asks for --drop-alembic-version, then drops it with the baseline records', async () => {
    const database = await alembicStampedDatabase();
    const env = { DATABASE_URL: database.url };

    const refused = await runMigrator(['baseline'], env);

    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      `Found Alembic's alembic_version table (revision ${REVISION})`,
    );
    expect(refused.stderr).toContain('matches the history at 20250601000000_legacy_baseline');
    expect(refused.stderr).toContain('pnpm migrate baseline --drop-alembic-version');
    expect(await ledger(database.url)).toEqual([]);
    expect(await alembicTableExists(database.url)).toBe(true);

    const adopted = await runMigrator(['baseline', '--drop-alembic-version', '--json'], env);

    expect(adopted.code, adopted.stdout).toBe(0);
    expect(adopted.json).toMatchObject({
      baselined: ['20250601000000_legacy_baseline'],
      droppedAlembicVersion: [REVISION],
    });
    expect(await alembicTableExists(database.url)).toBe(false);
    const deploy = await runMigrator(['deploy'], env);
    expect(deploy.code, deploy.stderr).toBe(0);
    const status = await runMigrator(['status', '--json'], env);
    expect(status.json).toMatchObject({ atHead: true, drift: { drifted: false } });
  });

  it('compares the rest of the schema: a column the revision changed is one difference, and nothing is dropped', async () => {
    const database = await alembicStampedDatabase();
    await query(
      database.url,
      'ALTER TABLE publishing_channels ALTER COLUMN name TYPE VARCHAR(200)',
    );

    const run = await runMigrator(['baseline', '--drop-alembic-version', '--json'], {
      DATABASE_URL: database.url,
    });

    expect(run.code).toBe(3);
    expect(run.json).toMatchObject({
      error: {
        message: 'Refusing to baseline: 1 difference with 20250601000000_legacy_baseline.',
        missing: [],
        extra: [],
        changed: [{ object: 'column publishing_channels.name' }],
        alembicRevisions: [REVISION],
      },
    });
    expect(await ledger(database.url)).toEqual([]);
    expect(await alembicTableExists(database.url)).toBe(true);
  });
});

describe('migrate resolve', () => {
  it('clears a failed non-transactional migration so deploy can go on', async () => {
    const database = await createTestDatabase({ contents: 'empty' });
    cleanups.push(database.drop);
    const migrations = await createMigrationsFolder();
    cleanups.push(migrations.remove);
    await migrations.add(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id int PRIMARY KEY, body text);',
      'DROP TABLE notes;',
    );
    await migrations.add(
      '20240102000000_index_notes',
      '-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY notes_body_idx ON notes (body);\nCREATE INDEX CONCURRENTLY notes_oops_idx ON notes (missing_column);\n',
      'DROP INDEX IF EXISTS notes_body_idx;',
    );
    const env = { DATABASE_URL: database.url };

    const failed = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('failed (statement 2)');
    expect(
      await query(
        database.url,
        `SELECT applied_steps_count AS steps, finished_at IS NULL AS unfinished, logs LIKE '%missing_column%' AS "logged"
           FROM _prisma_migrations WHERE migration_name = '20240102000000_index_notes'`,
      ),
    ).toEqual([{ steps: 1, unfinished: true, logged: true }]);
    expect(failed.stderr).toContain('resolve --applied 20240102000000_index_notes');

    const refused = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('20240102000000_index_notes failed');

    await query(database.url, 'DROP INDEX notes_body_idx');
    const resolved = await runMigrator(
      ['resolve', '--rolled-back', '20240102000000_index_notes', '--migrations', migrations.dir],
      env,
    );
    expect(resolved.code, resolved.stderr).toBe(0);
    const status = await runMigrator(
      ['status', '--json', '--no-drift', '--migrations', migrations.dir],
      env,
    );
    expect(status.json).toMatchObject({ failed: [], pending: ['20240102000000_index_notes'] });
  });
});
