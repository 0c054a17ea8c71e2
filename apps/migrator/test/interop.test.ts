import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { writeFile } from 'node:fs/promises';
import { ledger, query } from './support/database';
import { CHANNEL_SLUG, CONTENT_COUNT, copyDataStepFixtures } from './support/data-step-files';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { REPOSITORY_ROOT, runMigrator } from './support/run-migrator';

async function stockPrisma(
  args: string[],
  databaseUrl: string,
  config = 'prisma/prisma.config.ts',
): Promise<{ code: number; stdout: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  try {
    const { stdout } = await promisify(execFile)(
      join(REPOSITORY_ROOT, 'node_modules/.bin/prisma'),
      ['--config', config, ...args],
      { cwd: REPOSITORY_ROOT, env },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    return { code: failure.code ?? 1, stdout: failure.stdout ?? '' };
  }
}

const databases: TestDatabase[] = [];
const folders: MigrationsFolder[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  await Promise.all(folders.map((folder) => folder.remove()));
});

/** A prisma.config.ts for the stock CLI that reads `migrationsDir` instead of prisma/migrations. */
async function stockConfigFor(migrationsDir: string): Promise<string> {
  const path = join(migrationsDir, '..', 'prisma.config.ts');
  const bridge = join(REPOSITORY_ROOT, 'packages/db/bin/schema-engine.cjs');
  await writeFile(
    path,
    `process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= ${JSON.stringify(bridge)};
export default {
  schema: ${JSON.stringify(join(REPOSITORY_ROOT, 'prisma/schema.prisma'))},
  migrations: { path: ${JSON.stringify(migrationsDir)} },
  datasource: { url: process.env.DATABASE_URL },
};
`,
  );
  return path;
}
async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ contents: 'empty' });
  databases.push(database);
  return database;
}

describe('taking over from the stock Prisma CLI and back', () => {
  it('writes a ledger the stock CLI reads as up to date, and shows rollbacks as pending', async () => {
    const database = await emptyDatabase();
    expect((await runMigrator(['deploy'], { DATABASE_URL: database.url })).code).toBe(0);

    expect((await stockPrisma(['migrate', 'status'], database.url)).stdout).toContain(
      'Database schema is up to date!',
    );

    expect((await runMigrator(['rollback'], { DATABASE_URL: database.url })).code).toBe(0);
    const afterRollback = await stockPrisma(['migrate', 'status'], database.url);
    expect(afterRollback.stdout).toContain('have not yet been applied');
    expect(afterRollback.code).not.toBe(0);
  });

  it('reads a ledger written by the stock CLI', async () => {
    const database = await emptyDatabase();
    expect((await stockPrisma(['migrate', 'deploy'], database.url)).code).toBe(0);

    const status = await runMigrator(['status', '--json'], { DATABASE_URL: database.url });
    expect(status.json).toMatchObject({
      atHead: true,
      edited: [],
      unknown: [],
      drift: { drifted: false },
    });
    expect(
      (await runMigrator(['deploy', '--json'], { DATABASE_URL: database.url })).json,
    ).toMatchObject({ applied: [] });
  });

  it('excludes a concurrent stock deploy through the same advisory lock: every migration applied once', async () => {
    const database = await emptyDatabase();

    const [ours, stock] = await Promise.all([
      runMigrator(['deploy'], { DATABASE_URL: database.url }),
      stockPrisma(['migrate', 'deploy'], database.url),
    ]);

    expect([ours.code, stock.code]).toEqual([0, 0]);
    const rows = await ledger(database.url);
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
    expect(rows.every((row) => row.finished && !row.rolledBack)).toBe(true);
  });

  it('leaves data steps to the migrator: stock deploy applies migration.sql, ours then runs the owed steps', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    await query(
      database.url,
      `INSERT INTO publishing_channels (name, channel_type) VALUES ('Weekly News', 'email')`,
    );
    const folder = await createMigrationsFolder({ copyHistory: true });
    folders.push(folder);
    await copyDataStepFixtures(folder.dir);
    const env = { DATABASE_URL: database.url };

    const stock = await stockPrisma(
      ['migrate', 'deploy'],
      database.url,
      await stockConfigFor(folder.dir),
    );
    expect(stock.code, stock.stdout).toBe(0);
    expect(await query(database.url, 'SELECT slug FROM publishing_channels')).toEqual([
      { slug: null },
    ]);

    const status = await runMigrator(
      ['status', '--json', '--no-drift', '--migrations', folder.dir],
      env,
    );
    expect(status.code).toBe(3);
    expect(status.json).toMatchObject({
      atHead: false,
      pending: [],
      dataSteps: {
        owed: [
          { name: CONTENT_COUNT, mode: 'batched', blocking: false, state: 'not started' },
          { name: CHANNEL_SLUG, mode: 'transaction', blocking: true, state: 'not started' },
        ],
      },
    });

    const deploy = await runMigrator(['deploy', '--json', '--migrations', folder.dir], env);
    expect(deploy.code).toBe(0);
    expect(deploy.json).toMatchObject({
      applied: [],
      dataSteps: [
        { name: CONTENT_COUNT, mode: 'batched' },
        { name: CHANNEL_SLUG, mode: 'transaction' },
      ],
    });
    expect(await query(database.url, 'SELECT slug FROM publishing_channels')).toEqual([
      { slug: expect.stringMatching(/^weekly-news-[0-9a-f]{8}$/) },
    ]);
    expect(
      (await runMigrator(['status', '--json', '--no-drift', '--migrations', folder.dir], env)).json,
    ).toMatchObject({ atHead: true, dataSteps: { owed: [] } });
  });
});
