import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { ledger, query, tableExists } from './support/database';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { REPOSITORY_ROOT, runMigrator, spawnMigrator } from './support/run-migrator';

const HISTORY = readdirSync(join(REPOSITORY_ROOT, 'prisma/migrations'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const databases: TestDatabase[] = [];
const folders: MigrationsFolder[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ contents: 'empty' });
  databases.push(database);
  return database;
}
async function folder(options?: { copyHistory?: boolean }): Promise<MigrationsFolder> {
  const created = await createMigrationsFolder(options);
  folders.push(created);
  return created;
}
async function activeQueries(url: string): Promise<string[]> {
  const rows = await query<{ query: string }>(
    url,
    `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
  );
  return rows.map((row) => row.query);
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(100);
  }
}

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  await Promise.all(folders.map((created) => created.remove()));
});

describe('migrate deploy', () => {
  it('applies the whole history in order, reports each migration, and is then at head', async () => {
    const database = await emptyDatabase();

    const first = await runMigrator(['deploy'], { DATABASE_URL: database.url });

    expect(first.code, first.stderr).toBe(0);
    for (const name of HISTORY)
      expect(first.stderr).toMatch(new RegExp(`✔ ${name} \\(\\d+(\\.\\d)? m?s\\)`));
    expect(await ledger(database.url)).toEqual(
      HISTORY.map((name) => ({ name, finished: true, rolledBack: false })),
    );

    const again = await runMigrator(['deploy', '--json'], { DATABASE_URL: database.url });
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ command: 'deploy', applied: [], atHead: true });

    const status = await runMigrator(['status', '--json'], { DATABASE_URL: database.url });
    expect(status.code, status.stdout).toBe(0);
    expect(status.json).toMatchObject({ atHead: true, pending: [], drift: { drifted: false } });
  });

  it('prints the pending SQL with --dry-run and plan, touching nothing', async () => {
    const database = await emptyDatabase();

    const dryRun = await runMigrator(['deploy', '--dry-run'], { DATABASE_URL: database.url });
    const plan = await runMigrator(['plan', '--json'], { DATABASE_URL: database.url });

    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(`-- Migration ${HISTORY[0]}`);
    expect(dryRun.stdout).toContain('CREATE TABLE publishing_channels (');
    expect((plan.json.pending as { name: string }[]).map((migration) => migration.name)).toEqual(
      HISTORY,
    );
    expect(await tableExists(database.url, '_prisma_migrations')).toBe(false);
    expect(await tableExists(database.url, 'publishing_channels')).toBe(false);
  });

  it('refuses a migration that does not parse before touching the database', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    await migrations.add(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id int PRIMARY KEY);',
      'DROP TABLE notes;',
    );
    await migrations.add(
      '20240102000000_broken',
      'CREATE TABLE tags (id int);\nSELEC 1;\n',
      'DROP TABLE tags;',
    );

    const run = await runMigrator(['deploy', '--migrations', migrations.dir], {
      DATABASE_URL: database.url,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '20240102000000_broken/migration.sql:2:1: syntax error at or near "SELEC"',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await tableExists(database.url, 'notes')).toBe(false);
  });

  it('rolls a failing migration back entirely, records it failed, refuses to go on until fixed and resolved', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    const env = { DATABASE_URL: database.url };
    await migrations.add(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id int PRIMARY KEY);',
      'DROP TABLE notes;',
    );
    const broken =
      'CREATE TABLE tags (id int);\nALTER TABLE notes ADD COLUMN body text;\nINSERT INTO notes (id) VALUES (1), (1);\n';
    await migrations.add(
      '20240102000000_add_tags',
      broken,
      'DROP TABLE tags;\nALTER TABLE notes DROP COLUMN body;',
    );

    const run = await runMigrator(['deploy', '--migrations', migrations.dir], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Migration 20240102000000_add_tags failed: duplicate key value violates unique constraint "notes_pkey"',
    );
    expect(run.stderr).toContain('Nothing of it was applied');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await tableExists(database.url, 'tags')).toBe(false);
    expect(
      await query(
        database.url,
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'notes'`,
      ),
    ).toEqual([{ column_name: 'id' }]);
    expect(await ledger(database.url)).toEqual([
      { name: '20240101000000_create_notes', finished: true, rolledBack: false },
      { name: '20240102000000_add_tags', finished: false, rolledBack: false },
    ]);
    const status = await runMigrator(['status', '--json', '--migrations', migrations.dir], env);
    expect(status.code).toBe(3);
    expect(status.json).toMatchObject({ failed: [{ name: '20240102000000_add_tags' }] });
    const refused = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Migration 20240102000000_add_tags failed (started');

    await writeFile(
      join(migrations.dir, '20240102000000_add_tags', 'migration.sql'),
      broken.replace('(1), (1)', '(1)'),
    );
    expect(
      (
        await runMigrator(
          ['resolve', '--rolled-back', '20240102000000_add_tags', '--migrations', migrations.dir],
          env,
        )
      ).code,
    ).toBe(0);
    const fixed = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(await tableExists(database.url, 'tags')).toBe(true);
  });

  it('names the line of the failing statement, though the file travels with its transaction in one message', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    await migrations.add(
      '20240101000000_create_notes',
      '-- notes\nCREATE TABLE notes (id int PRIMARY KEY);\nSELECT missing_column FROM notes;\n',
      'DROP TABLE notes;',
    );

    const run = await runMigrator(['deploy', '--json', '--migrations', migrations.dir], {
      DATABASE_URL: database.url,
    });

    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({
      error: {
        line: 3,
        message: expect.stringContaining(
          'failed (line 3): column "missing_column" does not exist',
        ) as unknown,
      },
    });
    expect(await tableExists(database.url, 'notes')).toBe(false);
  });

  it('applies a file that ends in a comment with no newline, and records it', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    await migrations.add(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id int PRIMARY KEY)\n-- no semicolon, no newline',
      'DROP TABLE notes;',
    );

    const run = await runMigrator(['deploy', '--migrations', migrations.dir], {
      DATABASE_URL: database.url,
    });

    expect(run.code, run.stderr).toBe(0);
    expect(await tableExists(database.url, 'notes')).toBe(true);
    expect(await ledger(database.url)).toEqual([
      { name: '20240101000000_create_notes', finished: true, rolledBack: false },
    ]);
  });

  it('applies each migration exactly once under ten concurrent deploys, all succeeding', async () => {
    const database = await emptyDatabase();

    const runs = await Promise.all(
      Array.from({ length: 10 }, () =>
        runMigrator(['deploy', '--json'], { DATABASE_URL: database.url }),
      ),
    );

    expect(runs.map((run) => run.code)).toEqual(Array(10).fill(0));
    const appliedByRun = runs.map((run) => (run.json.applied as unknown[]).length);
    expect(appliedByRun.reduce((sum, count) => sum + count, 0)).toBe(HISTORY.length);
    expect(await ledger(database.url)).toEqual(
      HISTORY.map((name) => ({ name, finished: true, rolledBack: false })),
    );
  });

  it('leaves the database consistent when the process is killed mid-migration, and the next deploy succeeds', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    await migrations.add(
      '20240101000000_slow_notes',
      'CREATE TABLE notes (id int PRIMARY KEY);\nINSERT INTO notes SELECT generate_series(1, 1000);\nSELECT pg_sleep(30);\n',
      'DROP TABLE notes;',
    );
    const child = spawnMigrator(['deploy', '--migrations', migrations.dir], {
      DATABASE_URL: database.url,
    });
    await waitFor(async () =>
      (await activeQueries(database.url)).some((text) => text.includes('pg_sleep')),
    );

    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    await waitFor(async () => (await activeQueries(database.url)).length === 0);
    expect(await tableExists(database.url, 'notes')).toBe(false);
    expect(await ledger(database.url)).toEqual([]);
    await writeFile(
      join(migrations.dir, '20240101000000_slow_notes', 'migration.sql'),
      'CREATE TABLE notes (id int PRIMARY KEY);\nINSERT INTO notes SELECT generate_series(1, 1000);\n',
    );
    const next = await runMigrator(['deploy', '--migrations', migrations.dir], {
      DATABASE_URL: database.url,
    });
    expect(next.code, next.stderr).toBe(0);
    expect(await query(database.url, 'SELECT count(*)::int AS rows FROM notes')).toEqual([
      { rows: 1000 },
    ]);
  });

  it('refuses a transactional migration that runs BEGIN/COMMIT itself', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    await migrations.add(
      '20240101000000_create_notes',
      'BEGIN;\nCREATE TABLE notes (id int PRIMARY KEY);\nCOMMIT;\n',
      'DROP TABLE notes;',
    );

    const run = await runMigrator(['deploy', '--migrations', migrations.dir], {
      DATABASE_URL: database.url,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('controls transactions itself (line 1: BEGIN)');
    expect(await tableExists(database.url, 'notes')).toBe(false);
  });

  it('applies a -- migrate:no-transaction migration statement by statement (CREATE INDEX CONCURRENTLY)', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    await migrations.add(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id int PRIMARY KEY, body text);',
      'DROP TABLE notes;',
    );
    await migrations.add(
      '20240102000000_index_notes',
      '-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY notes_body_idx ON notes (body);\nCREATE INDEX CONCURRENTLY notes_id_body_idx ON notes (id, body);\n',
      'DROP INDEX notes_body_idx;\nDROP INDEX notes_id_body_idx;',
    );

    const run = await runMigrator(['deploy', '--migrations', migrations.dir], {
      DATABASE_URL: database.url,
    });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('is non-transactional: 2 statements run one by one');
    expect(
      await query(
        database.url,
        `SELECT migration_name AS name, applied_steps_count AS steps, finished_at IS NOT NULL AS finished
           FROM _prisma_migrations ORDER BY started_at`,
      ),
    ).toEqual([
      { name: '20240101000000_create_notes', steps: 1, finished: true },
      { name: '20240102000000_index_notes', steps: 2, finished: true },
    ]);
    expect(
      await query(
        database.url,
        `SELECT indexname FROM pg_indexes WHERE tablename = 'notes' ORDER BY 1`,
      ),
    ).toEqual([
      { indexname: 'notes_body_idx' },
      { indexname: 'notes_id_body_idx' },
      { indexname: 'notes_pkey' },
    ]);
  });

  it('refuses an applied migration whose file was edited, and migrations it does not know', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    await migrations.add(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id int PRIMARY KEY);',
      'DROP TABLE notes;',
    );
    expect(
      (
        await runMigrator(['deploy', '--migrations', migrations.dir], {
          DATABASE_URL: database.url,
        })
      ).code,
    ).toBe(0);

    const edited = await folder();
    await edited.add(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id bigint PRIMARY KEY);',
      'DROP TABLE notes;',
    );
    const refusedEdit = await runMigrator(['deploy', '--migrations', edited.dir], {
      DATABASE_URL: database.url,
    });
    expect(refusedEdit.code).toBe(1);
    expect(refusedEdit.stderr).toContain(
      'edited since being applied (checksum differs): 20240101000000_create_notes',
    );

    const older = await folder();
    const refusedUnknown = await runMigrator(['deploy', '--json', '--migrations', older.dir], {
      DATABASE_URL: database.url,
    });
    expect(refusedUnknown.code).toBe(1);
    expect(refusedUnknown.json).toMatchObject({
      error: { unknown: ['20240101000000_create_notes'] },
    });
  });

  describe('under concurrency', () => {
    let blocker: Client | undefined;
    let waiter: Client | undefined;
    afterEach(async () => {
      await blocker?.end();
      await waiter?.end();
      blocker = undefined;
      waiter = undefined;
    });

    it('waits a bounded time for the migration lock and names the session holding it', async () => {
      const database = await emptyDatabase();
      blocker = new Client({ connectionString: database.url, application_name: 'stuck-deploy' });
      await blocker.connect();
      await blocker.query('SELECT pg_advisory_lock(72707369)');

      const run = await runMigrator(['deploy', '--lock-wait', '1s'], {
        DATABASE_URL: database.url,
      });

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/Waiting for the migration lock, held by pid \d+, stuck-deploy/);
      expect(run.stderr).toMatch(
        /Another migration holds the migration lock \(pid \d+, stuck-deploy/,
      );
      expect(await tableExists(database.url, 'publishing_channels')).toBe(false);
    });

    it('answers "at head" without waiting for a migration lock someone else holds', async () => {
      const database = await emptyDatabase();
      expect((await runMigrator(['deploy'], { DATABASE_URL: database.url })).code).toBe(0);
      blocker = new Client({ connectionString: database.url, application_name: 'stuck-deploy' });
      await blocker.connect();
      await blocker.query('SELECT pg_advisory_lock(72707369)');

      const run = await runMigrator(['deploy', '--lock-wait', '1s'], {
        DATABASE_URL: database.url,
      });

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Database is at head: all \d+ migrations are applied/);
      expect(run.stderr).not.toMatch(/Waiting for the migration lock/);
    });

    it('gives up on a table kept busy by a long transaction instead of queueing behind it', async () => {
      const database = await emptyDatabase();
      const migrations = await folder();
      await migrations.add(
        '20240101000000_create_notes',
        'CREATE TABLE notes (id int PRIMARY KEY);',
        'DROP TABLE notes;',
      );
      expect(
        (
          await runMigrator(['deploy', '--migrations', migrations.dir], {
            DATABASE_URL: database.url,
          })
        ).code,
      ).toBe(0);
      await migrations.add(
        '20240102000000_add_body',
        'ALTER TABLE notes ADD COLUMN body text;',
        'ALTER TABLE notes DROP COLUMN body;',
      );
      blocker = new Client({ connectionString: database.url });
      await blocker.connect();
      await blocker.query('BEGIN; LOCK TABLE notes IN ACCESS SHARE MODE;');

      const run = await runMigrator(
        ['deploy', '--migrations', migrations.dir, '--lock-timeout', '100ms'],
        {
          DATABASE_URL: database.url,
          MIGRATE_LOCK_RETRIES: '1',
        },
      );

      expect(run.code).toBe(1);
      expect(run.stderr).toContain('retry 1/1');
      expect(run.stderr).toContain(
        'could not get its locks: a lock was not granted within lock_timeout 100 ms, 2 attempts',
      );
      expect(await ledger(database.url)).toHaveLength(1);
    });

    it('names the sessions that block it, through a session that is itself blocked, and stops within --lock-wait', async () => {
      const database = await emptyDatabase();
      const migrations = await folder();
      await migrations.add(
        '20240101000000_create_notes',
        'CREATE TABLE notes (id int PRIMARY KEY); CREATE TABLE tags (id int PRIMARY KEY);',
        'DROP TABLE notes; DROP TABLE tags;',
      );
      const first = await runMigrator(['deploy', '--migrations', migrations.dir], {
        DATABASE_URL: database.url,
      });
      expect(first.code).toBe(0);
      await migrations.add(
        '20240102000000_add_body',
        'ALTER TABLE notes ADD COLUMN body text;',
        'ALTER TABLE notes DROP COLUMN body;',
      );
      // holder keeps `tags`; waiter holds `notes` and queues for `tags`; the migrator queues for `notes`.
      blocker = new Client({ connectionString: database.url, application_name: 'nightly-report' });
      await blocker.connect();
      await blocker.query('BEGIN; LOCK TABLE tags IN ACCESS EXCLUSIVE MODE;');
      waiter = new Client({ connectionString: database.url, application_name: 'tag-cleanup' });
      await waiter.connect();
      await waiter.query('BEGIN; LOCK TABLE notes IN ACCESS SHARE MODE;');
      const [holderPid, waiterPid] = await Promise.all(
        [blocker, waiter].map(
          async (client) =>
            (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid,
        ),
      );
      const waiting = waiter.query('LOCK TABLE tags IN ACCESS SHARE MODE').catch(() => undefined);

      const human = await runMigrator(
        ['deploy', '--migrations', migrations.dir, '--lock-timeout', '300ms', '--lock-wait', '2s'],
        { DATABASE_URL: database.url },
      );
      const json = await runMigrator(
        [
          'deploy',
          '--json',
          '--migrations',
          migrations.dir,
          '--lock-timeout',
          '300ms',
          '--lock-wait',
          '1s',
        ],
        { DATABASE_URL: database.url },
      );

      expect(human.code).toBe(1);
      expect(human.stderr).toMatch(/retry 1 in \S+ s|retry 1 in \d+ ms/);
      expect(human.stderr).toContain('blocked by:');
      expect(human.stderr).toContain(
        `pid ${waiterPid} (tag-cleanup, user postgres from 127.0.0.1, active, transaction open`,
      );
      expect(human.stderr).toContain(`pid ${holderPid} (nightly-report`);
      expect(human.stderr).toContain(`SELECT pg_terminate_backend(${holderPid})`);
      expect(human.stderr).toMatch(/attempts in \d\.\d s \(--lock-wait 2\.0 s\)/);
      expect(json.code).toBe(1);
      expect(json.json).toMatchObject({
        error: {
          migration: '20240102000000_add_body',
          blockers: [
            {
              pid: waiterPid,
              application: 'tag-cleanup',
              user: 'postgres',
              state: 'active',
              query: 'LOCK TABLE tags IN ACCESS SHARE MODE',
              depth: 1,
            },
            {
              pid: holderPid,
              application: 'nightly-report',
              state: 'idle in transaction',
              query: 'SELECT pg_backend_pid() AS pid',
              depth: 2,
            },
          ],
        },
      });
      expect(await ledger(database.url)).toHaveLength(1);
      await blocker.query('ROLLBACK');
      await waiting;
    });
  });
});
