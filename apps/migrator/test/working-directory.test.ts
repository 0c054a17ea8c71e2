import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readdirSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { REPOSITORY_ROOT, runMigrator } from './support/run-migrator';

const HISTORY = readdirSync(join(REPOSITORY_ROOT, 'prisma/migrations'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('the migrator, run from another working directory', () => {
  let migrated: TestDatabase;
  let empty: TestDatabase;
  let folder: MigrationsFolder;
  beforeAll(async () => {
    [migrated, empty, folder] = await Promise.all([
      createTestDatabase(),
      createTestDatabase({ contents: 'empty' }),
      createMigrationsFolder(),
    ]);
    await folder.add('20240101000000_create_notes', 'CREATE TABLE notes (id int);');
  });
  afterAll(() => Promise.all([migrated.drop(), empty.drop(), folder.remove()]));

  it.each([
    ['its package directory', join(REPOSITORY_ROOT, 'apps/migrator')],
    ['a directory outside the repository', tmpdir()],
  ])("finds the repository's history from %s", async (_where, cwd) => {
    const status = await runMigrator(['status', '--json'], { DATABASE_URL: migrated.url }, { cwd });

    expect(status.code, status.stderr).toBe(0);
    expect(status.json).toMatchObject({ atHead: true, pending: [], drift: { drifted: false } });
    expect((status.json.applied as unknown[]).length).toBe(HISTORY.length);
  });

  it("reads a relative MIGRATIONS_DIR from the repository's root", async () => {
    const status = await runMigrator(
      ['status', '--json'],
      { DATABASE_URL: migrated.url, MIGRATIONS_DIR: 'prisma/migrations' },
      { cwd: tmpdir() },
    );

    expect(status.code, status.stderr).toBe(0);
    expect(status.json).toMatchObject({ atHead: true });
  });

  it('reads a relative --migrations from the working directory, as a shell completes it', async () => {
    const plan = await runMigrator(
      ['plan', '--json', '--migrations', 'migrations'],
      { DATABASE_URL: empty.url },
      { cwd: dirname(folder.dir) },
    );

    expect(plan.code, plan.stderr).toBe(0);
    expect((plan.json.pending as { name: string }[]).map((migration) => migration.name)).toEqual([
      '20240101000000_create_notes',
    ]);
  });
});
