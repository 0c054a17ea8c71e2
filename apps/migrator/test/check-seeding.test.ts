import { join } from 'node:path';
import {
  CHANNEL_SLUG,
  CONTENT_COUNT,
  copyDataStepFixtures,
  writeDataStep,
} from './support/data-step-files';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { runMigrator } from './support/run-migrator';

interface Problem {
  check: string;
  severity: string;
  migration?: string;
  message: string;
}
interface SeedRecord {
  before: string;
  seeded: string[];
  skipped: { table: string; reason: string }[];
}

const folders: MigrationsFolder[] = [];
async function folder(options?: { copyHistory?: boolean }): Promise<MigrationsFolder> {
  const created = await createMigrationsFolder(options);
  folders.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(folders.map((created) => created.remove()));
});

async function check(migrations: MigrationsFolder, ...args: string[]) {
  const run = await runMigrator(['check', '--json', '--migrations', migrations.dir, ...args]);
  const problems = (run.json.problems as Problem[]).filter(
    // The folders here are not in schema.prisma nor in migrations.sum: those two checks fail.
    (problem) => problem.check !== 'drift' && problem.check !== 'sum',
  );
  return { run, problems, seeding: run.json.seeding as SeedRecord[] };
}

const PROBE = '20240101000000_create_probe';
const STEP = '20240102000000_probe_step';
const NO_SQL = { up: 'SELECT 1;', down: 'SELECT 1;' };
async function probeWithStep(
  tables: { up: string; down: string },
  step: { up: string; down: string },
  body: string,
): Promise<MigrationsFolder> {
  const migrations = await folder();
  await migrations.add(PROBE, tables.up, tables.down);
  await migrations.add(STEP, step.up, step.down);
  await writeDataStep(join(migrations.dir, STEP), body);
  return migrations;
}

describe('check: data steps run on seeded rows', () => {
  it("seeds this project's tables and runs the worked example's steps and verify() over them", async () => {
    const migrations = await folder({ copyHistory: true });
    await copyDataStepFixtures(migrations.dir);

    const { problems, seeding } = await check(migrations, '--seed-rows', '1200');

    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(seeding[0]).toMatchObject({ before: CONTENT_COUNT, skipped: [] });
    expect(seeding[0]!.seeded).toEqual(
      expect.arrayContaining([
        'publishing_publications',
        'publishing_channels',
        'publishing_subscribers',
        'publishing_deliveries',
      ]),
    );
    // The second step finds every table holding rows already.
    expect(seeding[1]).toEqual({ before: CHANNEL_SLUG, seeded: [], skipped: [] });
  });

  it('fails a step that only breaks on rows (on empty tables it passed)', async () => {
    const migrations = await probeWithStep(
      {
        up: 'CREATE TABLE probe (id int PRIMARY KEY, label text NOT NULL);',
        down: 'DROP TABLE probe;',
      },
      NO_SQL,
      `{ mode: 'transaction', blocking: false,
         async up(ctx) { await ctx.sql\`UPDATE probe SET label = NULL\`; },
         async down() {} }`,
    );

    const { run, problems } = await check(migrations);

    expect(run.code).toBe(3);
    expect(problems).toContainEqual({
      check: 'round-trip',
      severity: 'error',
      migration: STEP,
      message: expect.stringContaining('violates not-null constraint'),
    });
  });

  it('fails the check when verify() rejects what up() left, and walks every seeded row', async () => {
    const migrations = await probeWithStep(
      { up: 'CREATE TABLE probe (id int PRIMARY KEY, label text);', down: 'DROP TABLE probe;' },
      {
        up: 'ALTER TABLE probe ADD COLUMN touched int;',
        down: 'ALTER TABLE probe DROP COLUMN touched;',
      },
      `{ mode: 'batched', blocking: false,
         async up(ctx) {
           await ctx.batch({ table: 'probe', key: 'id', size: 100,
             update: ({ sql, from, to }) =>
               sql\`UPDATE probe SET touched = 1 WHERE id BETWEEN \${from}::int AND \${to}::int AND id % 7 <> 0\` });
         },
         async down(ctx) { await ctx.sql\`UPDATE probe SET touched = NULL\`; },
         async verify(ctx) {
           const [row] = await ctx.sql\`SELECT count(*)::int AS missed, (SELECT count(*)::int FROM probe) AS total FROM probe WHERE touched IS NULL\`;
           if (row.missed > 0) throw new Error(row.missed + ' of ' + row.total + ' rows not touched');
         } }`,
    );

    const { run, problems } = await check(migrations, '--seed-rows', '700');

    expect(run.code).toBe(3);
    expect(problems).toContainEqual({
      check: 'data-step',
      severity: 'error',
      migration: STEP,
      message: 'data.ts verify() failed after up() on seeded rows: 100 of 700 rows not touched',
    });
  });

  it('warns when up → down → up leaves other rows than the first up', async () => {
    const migrations = await probeWithStep(
      {
        up: 'CREATE TABLE probe (id int PRIMARY KEY, counter int NOT NULL DEFAULT 0);',
        down: 'DROP TABLE probe;',
      },
      NO_SQL,
      `{ mode: 'transaction', blocking: false,
         async up(ctx) { await ctx.sql\`UPDATE probe SET counter = counter + 1\`; },
         async down() {} }`,
    );

    const { run, problems } = await check(migrations, '--seed-rows', '10');

    expect(problems).toEqual([
      {
        check: 'data-step',
        severity: 'warning',
        migration: STEP,
        message: expect.stringMatching(
          /^up → down → up leaves other rows than the first up in probe:/,
        ),
      },
    ]);
    expect(run.json.passed).toBe(false); // only because of drift and sum, filtered above
  });

  it('warns, naming the table and the reason, when a table cannot be seeded', async () => {
    const migrations = await probeWithStep(
      {
        up: `CREATE TABLE probe (id int PRIMARY KEY, code text NOT NULL CHECK (code ~ '^[A-Z]{3}$'));
             CREATE TABLE probe_child (id int PRIMARY KEY, probe_id int NOT NULL REFERENCES probe);`,
        down: 'DROP TABLE probe_child; DROP TABLE probe;',
      },
      NO_SQL,
      `{ mode: 'transaction', blocking: false, async up() {}, async down() {} }`,
    );

    const { problems, seeding } = await check(migrations, '--seed-rows', '10');

    expect(seeding).toEqual([
      {
        before: STEP,
        seeded: [],
        skipped: [
          { table: 'probe', reason: expect.stringContaining('violates check constraint') },
          { table: 'probe_child', reason: 'probe_id references probe, which holds no rows' },
        ],
      },
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(
        /^its data step ran with probe empty: seeding it failed \(.*check constraint/,
      ),
      'its data step ran with probe_child empty: seeding it failed (probe_id references probe, which holds no rows)',
    ]);
  });
});
