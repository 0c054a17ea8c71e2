import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { ledger } from './support/database';
import { REPOSITORY_ROOT, runMigrator } from './support/run-migrator';

async function stockPrisma(
  args: string[],
  databaseUrl: string,
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
      ['--config', 'prisma/prisma.config.ts', ...args],
      { cwd: REPOSITORY_ROOT, env },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    return { code: failure.code ?? 1, stdout: failure.stdout ?? '' };
  }
}

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((database) => database.drop())));
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
});
