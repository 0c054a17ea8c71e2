import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { ledger, query, tableExists } from './support/database';
import {
  CHANNEL_SLUG,
  CONTENT_COUNT,
  copyDataStepFixtures,
  writeDataStep,
} from './support/data-step-files';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { runMigrator, spawnMigrator } from './support/run-migrator';

const databases: TestDatabase[] = [];
const folders: MigrationsFolder[] = [];
async function database(contents: 'migrated' | 'empty'): Promise<TestDatabase> {
  const created = await createTestDatabase({ contents });
  databases.push(created);
  return created;
}
async function folder(options?: { copyHistory?: boolean }): Promise<MigrationsFolder> {
  const created = await createMigrationsFolder(options);
  folders.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(databases.map((created) => created.drop()));
  await Promise.all(folders.map((created) => created.remove()));
});

interface DataStepRecord {
  name: string;
  finished: boolean;
  failed: boolean;
  progress: { rowsDone: number; lastKey: string | null; done: boolean }[];
}
async function dataSteps(url: string): Promise<DataStepRecord[]> {
  if (!(await tableExists(url, 'publishing_migrator.data_steps'))) return [];
  return query<DataStepRecord>(
    url,
    `SELECT migration_name AS name, finished_at IS NOT NULL AS finished, failed_at IS NOT NULL AS failed, progress
       FROM publishing_migrator.data_steps ORDER BY migration_name`,
  );
}

const CREATE_PROBE = '20240101000000_create_probe';
const BACKFILL = '20240102000000_backfill_probe';

/** A table of `rows` rows whose `touched` counts how often a data step updated each one. */
async function probeHistory(rows: number): Promise<MigrationsFolder> {
  const migrations = await folder();
  await migrations.add(
    CREATE_PROBE,
    `CREATE TABLE probe (id int PRIMARY KEY, touched int NOT NULL DEFAULT 0, label text);
     INSERT INTO probe (id) SELECT generate_series(1, ${rows});`,
    'DROP TABLE probe;',
  );
  return migrations;
}

describe('data steps: transaction mode', () => {
  it('runs up() after the SQL in the same transaction, with bound values, and records it', async () => {
    const db = await database('empty');
    const migrations = await probeHistory(3);
    await migrations.add(
      BACKFILL,
      'ALTER TABLE probe ADD COLUMN note text;',
      'ALTER TABLE probe DROP COLUMN note;',
    );
    await writeDataStep(
      join(migrations.dir, BACKFILL),
      `{
  mode: 'transaction',
  blocking: true,
  async up(ctx) {
    const hostile = "x'); DROP TABLE probe; --";
    await ctx.sql\`UPDATE probe SET note = \${hostile}, touched = touched + 1 WHERE id <= \${2}\`;
    ctx.log.info('noted');
  },
}`,
    );

    const run = await runMigrator(['deploy', '--migrations', migrations.dir], {
      DATABASE_URL: db.url,
    });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`✔ ${BACKFILL} with its data step (transaction)`);
    expect(run.stderr).toContain(`${BACKFILL}: noted`);
    expect(await query(db.url, 'SELECT id, touched, note FROM probe ORDER BY id')).toEqual([
      { id: 1, touched: 1, note: "x'); DROP TABLE probe; --" },
      { id: 2, touched: 1, note: "x'); DROP TABLE probe; --" },
      { id: 3, touched: 0, note: null },
    ]);
    expect(await dataSteps(db.url)).toMatchObject([{ name: BACKFILL, finished: true }]);
  });

  it('rolls the whole folder back when up() throws, records the migration failed, and resolve works as for SQL', async () => {
    const db = await database('empty');
    const env = { DATABASE_URL: db.url };
    const migrations = await probeHistory(3);
    await migrations.add(
      BACKFILL,
      'ALTER TABLE probe ADD COLUMN note text;',
      'ALTER TABLE probe DROP COLUMN note;',
    );
    const step = join(migrations.dir, BACKFILL);
    await writeDataStep(
      step,
      `{
  mode: 'transaction',
  blocking: true,
  async up(ctx) {
    await ctx.sql\`UPDATE probe SET touched = touched + 1\`;
    throw new Error('no note for probe 2');
  },
}`,
    );

    const run = await runMigrator(['deploy', '--migrations', migrations.dir], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `Migration ${BACKFILL} failed: data.ts up() threw: no note for probe 2`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const columns = await query(
      db.url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'probe' AND column_name = 'note'`,
    );
    expect(columns).toEqual([]);
    expect(await query(db.url, 'SELECT sum(touched)::int AS touched FROM probe')).toEqual([
      { touched: 0 },
    ]);
    expect(await ledger(db.url)).toEqual([
      { name: CREATE_PROBE, finished: true, rolledBack: false },
      { name: BACKFILL, finished: false, rolledBack: false },
    ]);
    expect(await dataSteps(db.url)).toEqual([]);

    await writeDataStep(
      step,
      `{
  mode: 'transaction',
  blocking: true,
  async up(ctx) {
    await ctx.sql\`UPDATE probe SET touched = touched + 1, note = 'fixed'\`;
  },
}`,
    );
    expect((await runMigrator(['deploy', '--migrations', migrations.dir], env)).code).toBe(1);
    expect(
      (
        await runMigrator(
          ['resolve', '--rolled-back', BACKFILL, '--migrations', migrations.dir],
          env,
        )
      ).code,
    ).toBe(0);
    const again = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    expect(again.code, again.stderr).toBe(0);
    expect(await query(db.url, 'SELECT sum(touched)::int AS touched FROM probe')).toEqual([
      { touched: 3 },
    ]);
  });

  it('reports a syntax error in data.ts with file:line before anything runs', async () => {
    const db = await database('empty');
    const migrations = await probeHistory(3);
    await migrations.add(BACKFILL, 'SELECT 1;', 'SELECT 1;');
    await writeDataStep(
      join(migrations.dir, BACKFILL),
      `{
  mode: 'transaction',
  blocking: true,
  async up(ctx) {
    await ctx.sql\`SELECT 1\` +* ;
  },
}`,
    );

    const run = await runMigrator(['deploy', '--migrations', migrations.dir], {
      DATABASE_URL: db.url,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${BACKFILL}/data\\.ts:7:\\d+: `));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await tableExists(db.url, 'probe')).toBe(false);
  });
});

describe('data steps: batched mode', () => {
  const slowBackfill = `{
  mode: 'batched',
  blocking: false,
  async up(ctx) {
    await ctx.batch({
      table: 'probe',
      key: 'id',
      size: 20,
      pauseMs: 30,
      update: ({ sql, from, to }) =>
        sql\`UPDATE probe SET touched = touched + 1 WHERE id BETWEEN \${from} AND \${to}\`,
    });
  },
}`;

  it('resumes after kill -9 where it stopped: every row updated exactly once', async () => {
    const db = await database('empty');
    const env = { DATABASE_URL: db.url };
    const migrations = await probeHistory(1000);
    await migrations.add(
      BACKFILL,
      'ALTER TABLE probe ADD COLUMN extra int;',
      'ALTER TABLE probe DROP COLUMN extra;',
    );
    await writeDataStep(join(migrations.dir, BACKFILL), slowBackfill);

    const child = spawnMigrator(['deploy', '--migrations', migrations.dir], env);
    const deadline = Date.now() + 60_000;
    let done = 0;
    while (done < 200) {
      if (Date.now() > deadline) throw new Error('the backfill did not reach 200 rows in time');
      await sleep(50);
      done = (await dataSteps(db.url))[0]?.progress[0]?.rowsDone ?? 0;
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const stopped = await dataSteps(db.url);
    expect(stopped[0]).toMatchObject({ finished: false });
    const [partial] = await query<{ touched: number; once: number }>(
      db.url,
      'SELECT sum(touched)::int AS touched, count(*) FILTER (WHERE touched = 1)::int AS once FROM probe',
    );
    expect(partial!.touched).toBe(partial!.once);
    expect(partial!.touched).toBeLessThan(1000);
    expect(partial!.touched).toBeGreaterThanOrEqual(stopped[0]!.progress[0]!.rowsDone);

    const status = await runMigrator(
      ['status', '--json', '--no-drift', '--migrations', migrations.dir],
      env,
    );
    expect(status.json).toMatchObject({
      atHead: false,
      dataSteps: { owed: [{ name: BACKFILL, mode: 'batched', state: 'stopped' }] },
    });

    const resumed = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming after key \d+ \(\d+ rows done\)/);
    expect(
      await query(db.url, 'SELECT touched, count(*)::int AS rows FROM probe GROUP BY touched'),
    ).toEqual([{ touched: 1, rows: 1000 }]);
    expect(await dataSteps(db.url)).toMatchObject([
      { name: BACKFILL, finished: true, progress: [{ rowsDone: 1000, done: true }] },
    ]);
  });

  it('stops at a failing batch, keeps the progress, and resumes after the fix', async () => {
    const db = await database('empty');
    const env = { DATABASE_URL: db.url };
    const migrations = await probeHistory(100);
    await migrations.add(
      BACKFILL,
      'ALTER TABLE probe ADD COLUMN extra int;',
      'ALTER TABLE probe DROP COLUMN extra;',
    );
    const step = join(migrations.dir, BACKFILL);
    const failing = (condition: string) => `{
  mode: 'batched',
  blocking: true,
  async up(ctx) {
    await ctx.batch({
      table: 'probe',
      key: 'id',
      size: 10,
      update: async ({ sql, from, to }) => {
        await sql\`UPDATE probe SET touched = touched + 1 WHERE id BETWEEN \${from} AND \${to}\`;
        if (${condition}) throw new Error('bad row in ' + from + '..' + to);
      },
    });
  },
}`;
    await writeDataStep(step, failing(`Number(to) >= 50`));

    const run = await runMigrator(['deploy', '--migrations', migrations.dir], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Data step ${BACKFILL} (batched) stopped: bad row in 41..50`);
    expect(run.stderr).toContain('40/100 rows');
    expect(await ledger(db.url)).toMatchObject([
      { name: CREATE_PROBE, finished: true },
      { name: BACKFILL, finished: true },
    ]);
    expect(await dataSteps(db.url)).toMatchObject([
      {
        name: BACKFILL,
        finished: false,
        failed: true,
        progress: [{ rowsDone: 40, lastKey: '40' }],
      },
    ]);

    await writeDataStep(step, failing('false'));
    const fixed = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(
      await query(db.url, 'SELECT touched, count(*)::int AS rows FROM probe GROUP BY touched'),
    ).toEqual([{ touched: 1, rows: 100 }]);
  });
});

describe('data steps in the ledger', () => {
  it('runs a step again after a reset its ledger did not see (stock `prisma migrate reset` keeps our schema)', async () => {
    const db = await database('empty');
    const env = { DATABASE_URL: db.url };
    const migrations = await probeHistory(50);
    await migrations.add(BACKFILL, 'SELECT 1;', 'SELECT 1;');
    await writeDataStep(
      join(migrations.dir, BACKFILL),
      `{
  mode: 'batched',
  blocking: false,
  async up(ctx) {
    await ctx.batch({
      table: 'probe',
      key: 'id',
      size: 20,
      update: ({ sql, from, to }) =>
        sql\`UPDATE probe SET touched = touched + 1 WHERE id BETWEEN \${from} AND \${to}\`,
    });
  },
}`,
    );
    expect((await runMigrator(['deploy', '--migrations', migrations.dir], env)).code).toBe(0);

    await query(db.url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    const again = await runMigrator(['deploy', '--migrations', migrations.dir], env);

    expect(again.code, again.stderr).toBe(0);
    expect(
      await query(db.url, 'SELECT touched, count(*)::int AS rows FROM probe GROUP BY touched'),
    ).toEqual([{ touched: 1, rows: 50 }]);
  });

  it('refuses a data.ts edited after it ran', async () => {
    const db = await database('empty');
    const env = { DATABASE_URL: db.url };
    const migrations = await probeHistory(3);
    await migrations.add(BACKFILL, 'SELECT 1;', 'SELECT 1;');
    const body = (value: number) => `{
  mode: 'transaction',
  blocking: false,
  async up(ctx) {
    await ctx.sql\`UPDATE probe SET touched = \${${value}}\`;
  },
}`;
    await writeDataStep(join(migrations.dir, BACKFILL), body(1));
    expect((await runMigrator(['deploy', '--migrations', migrations.dir], env)).code).toBe(0);

    await writeDataStep(join(migrations.dir, BACKFILL), body(2));
    const run = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    const status = await runMigrator(
      ['status', '--json', '--no-drift', '--migrations', migrations.dir],
      env,
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `Data step edited since it ran (checksum of data.ts differs): ${BACKFILL}.`,
    );
    expect(status.json).toMatchObject({ atHead: false, dataSteps: { edited: [BACKFILL] } });
    expect(await query(db.url, 'SELECT DISTINCT touched FROM probe')).toEqual([{ touched: 1 }]);
  });

  it("runs the worked example on this project's tables: plan names the steps, deploy fills the columns", async () => {
    const db = await database('migrated');
    const env = { DATABASE_URL: db.url };
    await query(
      db.url,
      `INSERT INTO publishing_publications (publication_type, scheduled_time, content_ids)
       SELECT 'newsletter', now(), ARRAY(SELECT gen_random_uuid() FROM generate_series(1, n % 4))
         FROM generate_series(1, 1200) AS n`,
    );
    await query(
      db.url,
      `INSERT INTO publishing_channels (name, channel_type) VALUES ('Weekly News!', 'email'), ('Alerts', 'webhook')`,
    );
    const migrations = await folder({ copyHistory: true });
    await copyDataStepFixtures(migrations.dir);

    const plan = await runMigrator(['plan', '--json', '--migrations', migrations.dir], env);
    expect(plan.json).toMatchObject({
      pending: [
        { name: CONTENT_COUNT, dataStep: { mode: 'batched', blocking: false } },
        { name: CHANNEL_SLUG, dataStep: { mode: 'transaction', blocking: true } },
      ],
    });
    const deploy = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stderr).toContain('content_count set on 1200 publications');

    expect(
      await query(
        db.url,
        'SELECT count(*)::int AS wrong FROM publishing_publications WHERE content_count IS DISTINCT FROM cardinality(content_ids)',
      ),
    ).toEqual([{ wrong: 0 }]);
    expect(
      (
        await query<{ slug: string }>(db.url, 'SELECT slug FROM publishing_channels ORDER BY name')
      ).map((row) => row.slug.replace(/-[0-9a-f]{8}$/, '')),
    ).toEqual(['alerts', 'weekly-news']);
    const status = await runMigrator(
      ['status', '--json', '--no-drift', '--migrations', migrations.dir],
      env,
    );
    expect(status.json).toMatchObject({ atHead: true, dataSteps: { owed: [], edited: [] } });
  });
});

describe('data steps: rollback, check, create', () => {
  const reversible = (withDown: boolean) => `{
  mode: 'transaction',
  blocking: false,
  async up(ctx) {
    await ctx.sql\`UPDATE probe SET label = 'filled'\`;
  },${
    withDown
      ? `
  async down(ctx) {
    await ctx.sql\`UPDATE probe SET label = NULL\`;
  },`
      : ''
  }
}`;

  it('runs down() before down.sql on rollback; deploy then runs up() again', async () => {
    const db = await database('empty');
    const env = { DATABASE_URL: db.url };
    const migrations = await probeHistory(3);
    await migrations.add(BACKFILL, 'SELECT 1;', 'SELECT 1;');
    await writeDataStep(join(migrations.dir, BACKFILL), reversible(true));
    expect((await runMigrator(['deploy', '--migrations', migrations.dir], env)).code).toBe(0);

    const rollback = await runMigrator(['rollback', '--migrations', migrations.dir], env);

    expect(rollback.code, rollback.stderr).toBe(0);
    expect(await query(db.url, 'SELECT DISTINCT label FROM probe')).toEqual([{ label: null }]);
    const redeploy = await runMigrator(['deploy', '--migrations', migrations.dir], env);
    expect(redeploy.code, redeploy.stderr).toBe(0);
    expect(await query(db.url, 'SELECT DISTINCT label FROM probe')).toEqual([{ label: 'filled' }]);
    expect(await dataSteps(db.url)).toMatchObject([{ name: BACKFILL, finished: true }]);
  });

  it('refuses to roll back a data step without down() unless --force', async () => {
    const db = await database('empty');
    const env = { DATABASE_URL: db.url };
    const migrations = await probeHistory(3);
    await migrations.add(BACKFILL, 'SELECT 1;', 'SELECT 1;');
    await writeDataStep(join(migrations.dir, BACKFILL), reversible(false));
    expect((await runMigrator(['deploy', '--migrations', migrations.dir], env)).code).toBe(0);

    const refused = await runMigrator(['rollback', '--migrations', migrations.dir], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Cannot roll back: the data step of ${BACKFILL} has no down().`,
    );
    expect(await ledger(db.url)).toMatchObject([{ rolledBack: false }, { rolledBack: false }]);

    const forced = await runMigrator(['rollback', '--force', '--migrations', migrations.dir], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await query(db.url, 'SELECT DISTINCT label FROM probe')).toEqual([{ label: 'filled' }]);
    const status = await runMigrator(
      ['status', '--json', '--no-drift', '--migrations', migrations.dir],
      env,
    );
    expect(status.json).toMatchObject({
      pending: [BACKFILL],
      dataSteps: { pending: [{ name: BACKFILL, mode: 'transaction', blocking: false }] },
    });
  });

  // An embedded PostgreSQL, then the seeded history up → down → up: over 60 s at load 10.
  it('check runs data steps up → down → up and reports one that does not load, with file:line', async () => {
    const migrations = await folder({ copyHistory: true });
    await copyDataStepFixtures(migrations.dir);
    await migrations.add('20990102000000_broken_step', 'SELECT 1;', 'SELECT 1;');
    await writeDataStep(
      join(migrations.dir, '20990102000000_broken_step'),
      "{ mode: 'transaction', blocking: false, async up(ctx) { await ctx.sql`SELECT 1` +* ; } }",
    );
    await migrations.add('20990103000000_failing_step', 'SELECT 1;', 'SELECT 1;');
    await writeDataStep(
      join(migrations.dir, '20990103000000_failing_step'),
      "{ mode: 'transaction', blocking: false, async up(ctx) { await ctx.sql`SELECT * FROM no_such_table`; }, async down() {} }",
    );

    const run = await runMigrator(['check', '--json', '--migrations', migrations.dir]);

    expect(run.code).toBe(3);
    const problems = run.json.problems as {
      check: string;
      severity: string;
      migration?: string;
      message: string;
    }[];
    const errors = problems.filter(
      (problem) => problem.severity === 'error' && problem.migration?.startsWith('2099'),
    );
    expect(errors).toEqual([
      {
        check: 'data-step',
        severity: 'error',
        migration: '20990102000000_broken_step',
        message: expect.stringMatching(/20990102000000_broken_step\/data\.ts:3:\d+: /),
      },
      {
        check: 'round-trip',
        severity: 'error',
        migration: '20990103000000_failing_step',
        message: expect.stringContaining(
          'data.ts up() fails on a scratch database: Data step 20990103000000_failing_step failed: data.ts up() threw: relation "no_such_table" does not exist',
        ),
      },
    ]);
  }, 180_000);

  it('create --data scaffolds data.ts beside a data-only migration', async () => {
    const migrations = await folder({ copyHistory: true });
    const db = await database('empty');

    const run = await runMigrator(
      ['create', '--name', 'backfill_counts', '--data', '--json', '--migrations', migrations.dir],
      { DATABASE_URL: db.url },
    );

    expect(run.code, run.stderr).toBe(0);
    const created = String(run.json.created);
    const text = await readFile(join(migrations.dir, created, 'data.ts'), 'utf8');
    expect(text).toContain("mode: 'batched'");
    expect(text).toContain('blocking: false');
    const status = await runMigrator(
      ['status', '--json', '--no-drift', '--migrations', migrations.dir],
      { DATABASE_URL: db.url },
    );
    expect(status.json).toMatchObject({
      dataSteps: { pending: [{ name: created, mode: 'batched', blocking: false }] },
    });
  });
});
