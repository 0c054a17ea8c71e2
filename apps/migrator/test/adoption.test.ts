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
