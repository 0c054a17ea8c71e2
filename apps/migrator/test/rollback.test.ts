import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { ledger, query, tableExists } from './support/database';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { REPOSITORY_ROOT, runMigrator } from './support/run-migrator';

const HISTORY = readdirSync(join(REPOSITORY_ROOT, 'prisma/migrations'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));
async function migratedDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ contents: 'empty' });
  cleanups.push(database.drop);
  const deployed = await runMigrator(['deploy'], { DATABASE_URL: database.url });
  expect(deployed.code, deployed.stderr).toBe(0);
  return database;
}
async function folder(): Promise<MigrationsFolder> {
  const created = await createMigrationsFolder();
  cleanups.push(created.remove);
  return created;
}

describe('migrate rollback', () => {
  it('runs down.sql newest first, says what it drops, records rollbacks, and deploy re-applies them', async () => {
    const database = await migratedDatabase();
    await query(
      database.url,
      `INSERT INTO publishing_api_keys (name, key_prefix, key_hash) VALUES ('ci', 'pk_test1', 'x'), ('cd', 'pk_test2', 'y')`,
    );
    const target = HISTORY.findIndex((name) => name.endsWith('_add_deliveries_and_api_keys'));
    const rolledBack = HISTORY.slice(target).reverse();
    const steps = String(rolledBack.length);

    const preview = await runMigrator(['rollback', '--steps', steps, '--dry-run', '--json'], {
      DATABASE_URL: database.url,
    });
    expect((preview.json.plan as { name: string }[]).map((step) => step.name)).toEqual(rolledBack);
    expect(preview.json.plan).toContainEqual({
      name: HISTORY[target],
      drops: expect.arrayContaining(['table publishing_api_keys (2 rows)']),
    });
    expect(await tableExists(database.url, 'publishing_api_keys')).toBe(true);

    const run = await runMigrator(['rollback', '--steps', steps], { DATABASE_URL: database.url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('table publishing_api_keys (2 rows)');
    expect(await tableExists(database.url, 'publishing_api_keys')).toBe(false);
    expect((await ledger(database.url)).filter((row) => rolledBack.includes(row.name))).toEqual(
      [...rolledBack].reverse().map((name) => ({ name, finished: true, rolledBack: true })),
    );

    const status = await runMigrator(['status', '--json', '--no-drift'], {
      DATABASE_URL: database.url,
    });
    expect(status.code).toBe(3);
    expect(status.json).toMatchObject({ atHead: false, pending: [...rolledBack].reverse() });

    const redeploy = await runMigrator(['deploy', '--json'], { DATABASE_URL: database.url });
    expect((redeploy.json.applied as { name: string }[]).map((step) => step.name)).toEqual(
      [...rolledBack].reverse(),
    );
    expect(await tableExists(database.url, 'publishing_api_keys')).toBe(true);
  });

  it('rolls back everything after --to, newest first', async () => {
    const database = await migratedDatabase();

    const run = await runMigrator(['rollback', '--to', HISTORY[0] as string, '--json'], {
      DATABASE_URL: database.url,
    });

    expect(run.code, run.stdout).toBe(0);
    expect(run.json.rolledBack).toEqual(HISTORY.slice(1).reverse());
    expect(await tableExists(database.url, 'publishing_channels')).toBe(true);
    expect(await tableExists(database.url, 'publishing_legacy_archive')).toBe(false);
  });

  it('refuses a migration without down.sql unless forced', async () => {
    const database = await createTestDatabase({ contents: 'empty' });
    cleanups.push(database.drop);
    const migrations = await folder();
    await migrations.add('20240101000000_create_notes', 'CREATE TABLE notes (id int PRIMARY KEY);');
    await migrations.add(
      '20240102000000_seed',
      'INSERT INTO notes VALUES (1);',
      '-- migrate:irreversible rows may have changed since',
    );
    const env = { DATABASE_URL: database.url };
    expect((await runMigrator(['deploy', '--migrations', migrations.dir], env)).code).toBe(0);

    const irreversible = await runMigrator(['rollback', '--migrations', migrations.dir], env);
    expect(irreversible.code).toBe(1);
    expect(irreversible.stderr).toContain(
      '20240102000000_seed is irreversible: rows may have changed since',
    );

    const missing = await runMigrator(
      ['rollback', '--steps', '2', '--migrations', migrations.dir],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('20240101000000_create_notes has no down.sql');
    expect(await ledger(database.url)).toEqual([
      { name: '20240101000000_create_notes', finished: true, rolledBack: false },
      { name: '20240102000000_seed', finished: true, rolledBack: false },
    ]);

    const forced = await runMigrator(['rollback', '--force', '--migrations', migrations.dir], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await query(database.url, 'SELECT id FROM notes')).toEqual([{ id: 1 }]);
  });

  it('rejects --steps together with --to, and non-numeric steps, as usage errors', async () => {
    expect((await runMigrator(['rollback', '--steps', '1', '--to', 'x'])).code).toBe(2);
    expect((await runMigrator(['rollback', '--steps', 'two'])).code).toBe(2);
  });
});
