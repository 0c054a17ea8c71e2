import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { ledger } from './support/database';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { runMigrator } from './support/run-migrator';

const execFileAsync = promisify(execFile);
// Each `check` replays the history on a scratch PostgreSQL (embedded on a fresh machine).
jest.setTimeout(180_000);
const cleanups: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));

async function folder(): Promise<MigrationsFolder> {
  const created = await createMigrationsFolder();
  cleanups.push(created.remove);
  return created;
}

async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ contents: 'empty' });
  cleanups.push(database.drop);
  return database;
}

interface Problem {
  check: string;
  migration?: string;
  message: string;
}

const problemsOf = (json: Record<string, unknown>, check: string) =>
  (json.problems as Problem[]).filter((problem) => problem.check === check);

describe('a linear history across branches', () => {
  let migrations: MigrationsFolder;
  const git = (...args: string[]) =>
    execFileAsync('git', ['-C', join(migrations.dir, '..'), ...args], {
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    });
  const check = (...args: string[]) =>
    runMigrator(['check', '--json', '--migrations', migrations.dir, ...args]);
  const commitMigration = async (name: string, sql: string, downSql: string) => {
    await migrations.add(name, sql, downSql);
    const hashed = await runMigrator(['hash', '--migrations', migrations.dir]);
    expect(hashed.code, hashed.stderr + hashed.stdout).toBe(0);
    await git('add', '-A');
    await git('commit', '-q', '-m', name);
  };

  beforeAll(async () => {
    migrations = await folder();
    await git('init', '-q', '-b', 'main');
    await commitMigration(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id int PRIMARY KEY);',
      'DROP TABLE notes;',
    );
    await git('checkout', '-q', '-b', 'add-body');
    await commitMigration(
      '20240103000000_add_body',
      'ALTER TABLE notes ADD COLUMN body text;',
      'ALTER TABLE notes DROP COLUMN body;',
    );
    await git('checkout', '-q', 'main');
    await git('checkout', '-q', '-b', 'add-tags');
    await commitMigration(
      '20240102000000_add_tags',
      'CREATE TABLE tags (id int PRIMARY KEY);',
      'DROP TABLE tags;',
    );
    await git('checkout', '-q', 'main');
    await git('merge', '-q', '--ff-only', 'add-body');
  });

  it('passes the sum on a branch that hashed its migration, and fails it once a folder changes unhashed', async () => {
    await git('checkout', '-q', 'add-tags');
    expect(problemsOf((await check()).json, 'sum')).toEqual([]);

    await writeFile(
      join(migrations.dir, '20240102000000_add_tags', 'down.sql'),
      'DROP TABLE IF EXISTS tags;',
    );
    const edited = await check();

    expect(edited.code).toBe(3);
    expect(problemsOf(edited.json, 'sum')).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'does not match the folders from 20240102000000_add_tags on',
        ) as string,
      }),
    ]);
    await git('checkout', '-q', '--', '.');
    await git('checkout', '-q', 'main');
  });

  it('check --base fails a new migration that sorts before the newest one on the base, naming both', async () => {
    await git('checkout', '-q', 'add-tags');

    const run = await check('--base', 'main');

    expect(run.code).toBe(3);
    expect(problemsOf(run.json, 'order')).toEqual([
      expect.objectContaining({
        migration: '20240102000000_add_tags',
        message: expect.stringContaining(
          'sorts before 20240103000000_add_body, the newest migration on main',
        ) as string,
      }),
    ]);
    await git('checkout', '-q', 'main');
    expect(problemsOf((await check('--base', 'main')).json, 'order')).toEqual([]);
    expect((await check('--base', 'no-such-branch')).code).toBe(2);
  });

  it('makes the two branches conflict in git, and check names the conflicted sum', async () => {
    await git('checkout', '-q', 'main');

    await expect(git('merge', '--no-edit', 'add-tags')).rejects.toMatchObject({
      stdout: expect.stringContaining(
        'CONFLICT (content): Merge conflict in migrations/migrations.sum',
      ) as string,
    });
    expect(await readFile(join(migrations.dir, 'migrations.sum'), 'utf8')).toContain('<<<<<<<');
    const run = await check();

    expect(problemsOf(run.json, 'sum')).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('has merge conflict markers') as string,
      }),
    ]);
    await git('merge', '--abort');
  });
});

describe('deploy and status keep the applied order', () => {
  it('refuses a pending migration older than the newest applied one unless --allow-out-of-order', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    const env = { DATABASE_URL: database.url };
    await migrations.add(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id int PRIMARY KEY);',
      'DROP TABLE notes;',
    );
    await migrations.add(
      '20240103000000_add_body',
      'ALTER TABLE notes ADD COLUMN body text;',
      'ALTER TABLE notes DROP COLUMN body;',
    );
    expect((await runMigrator(['deploy', '--migrations', migrations.dir], env)).code).toBe(0);
    await migrations.add(
      '20240102000000_add_tags',
      'CREATE TABLE tags (id int PRIMARY KEY);',
      'DROP TABLE tags;',
    );

    const refused = await runMigrator(['deploy', '--json', '--migrations', migrations.dir], env);
    const status = await runMigrator(
      ['status', '--json', '--no-drift', '--migrations', migrations.dir],
      env,
    );

    expect(refused.code).toBe(1);
    expect(refused.json).toMatchObject({
      error: {
        message: expect.stringContaining(
          '20240102000000_add_tags sorts before 20240103000000_add_body, already applied',
        ) as string,
        hint: expect.stringContaining('--allow-out-of-order') as string,
        outOfOrder: ['20240102000000_add_tags'],
      },
    });
    expect(await ledger(database.url)).toHaveLength(2);
    expect(status.code).toBe(3);
    expect(status.json).toMatchObject({ outOfOrder: ['20240102000000_add_tags'] });

    const allowed = await runMigrator(
      ['deploy', '--allow-out-of-order', '--migrations', migrations.dir],
      env,
    );
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain(
      'applying 20240102000000_add_tags after 20240103000000_add_body (--allow-out-of-order)',
    );
    expect(await ledger(database.url)).toHaveLength(3);
  });

  it('status says deploy would refuse a pending migration that does not parse, instead of "run deploy"', async () => {
    const database = await emptyDatabase();
    const migrations = await folder();
    const env = { DATABASE_URL: database.url };
    await migrations.add(
      '20240101000000_create_notes',
      'CREATE TABLE notes (id int PRIMARY KEY);',
      'DROP TABLE notes;',
    );
    await migrations.add(
      '20240102000000_add_body',
      'ALTER TABLE notes\n  ADD COLUMN body text DEFAULT (;',
      'ALTER TABLE notes DROP COLUMN body;',
    );

    const human = await runMigrator(['status', '--no-drift', '--migrations', migrations.dir], env);
    const json = await runMigrator(
      ['status', '--json', '--no-drift', '--migrations', migrations.dir],
      env,
    );

    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/20240102000000_add_body +… pending, ! deploy would refuse it/);
    expect(human.stdout).toContain('Migration 20240102000000_add_body does not parse');
    expect(human.stdout).toContain('Status: needs attention');
    expect(human.stdout).not.toContain('Run `pnpm migrate deploy`');
    expect(json.json).toMatchObject({
      unparseable: [{ migration: '20240102000000_add_body', line: 2 }],
    });
  });
});
