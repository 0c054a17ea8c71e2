import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { query } from './support/database';
import { CHANNEL_SLUG, CONTENT_COUNT, copyDataStepFixtures } from './support/data-step-files';
import { REPOSITORY_ROOT } from './support/run-migrator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeImageFiles } = require('../image-files.cjs') as {
  writeImageFiles: (out: string) => string[];
};

/**
 * The migrator image's /app, written by image-files.cjs into a folder with no node_modules above
 * it: whatever the bundle needs and the tree lacks fails here, as it would in the image.
 */
let app: string;
const databases: TestDatabase[] = [];
beforeAll(async () => {
  app = await mkdtemp(join(tmpdir(), 'publishing-migrator-image-'));
  writeImageFiles(app);
  await cp(join(REPOSITORY_ROOT, 'prisma/schema.prisma'), join(app, 'prisma/schema.prisma'));
  await cp(join(REPOSITORY_ROOT, 'prisma/migrations'), join(app, 'prisma/migrations'), {
    recursive: true,
  });
});
afterAll(async () => {
  await Promise.all(databases.map((created) => created.drop()));
  await rm(app, { recursive: true, force: true });
});

/** The image's command line: its working directory, NODE_ENV=production, no other settings. */
function runImageMigrator(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['apps/migrator/bin/migrate.cjs', ...args],
      { cwd: app, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env } },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it('holds the bundle and only the packages it loads at run time', async () => {
  const packages = await readdir(join(app, 'node_modules'), { recursive: true });
  const manifests = packages.filter((path) => /^(@[^/]+\/)?[^/@]+\/package\.json$/.test(path));
  expect(manifests.sort()).toEqual([
    '@pgsql/types/package.json',
    '@prisma/schema-engine-wasm/package.json',
    '@publishing/db/package.json',
    'jiti/package.json',
    'libpg-query/package.json',
  ]);
  expect(await readdir(join(app, 'apps/migrator/dist'))).toEqual([
    'migrate.cjs',
    'migrate.cjs.LEGAL.txt',
    'migrate.cjs.map',
  ]);
});

it('deploys the history with data steps (jiti, the authoring module), then reports it at head', async () => {
  const database = await createTestDatabase({ contents: 'empty' });
  databases.push(database);
  const migrations = join(app, 'prisma/migrations');
  await copyDataStepFixtures(migrations);
  try {
    const deploy = await runImageMigrator(['deploy'], { DATABASE_URL: database.url });
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stderr).toContain(`${CONTENT_COUNT} data step (batched)`);
    expect(deploy.stderr).toContain(`${CHANNEL_SLUG} with its data step (transaction)`);
    const [column] = await query(
      database.url,
      `SELECT 1 FROM information_schema.columns
        WHERE table_name = 'publishing_channels' AND column_name = 'slug'`,
    );
    expect(column).toBeDefined();

    const status = await runImageMigrator(['status'], { DATABASE_URL: database.url });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('Status: at head.');
  } finally {
    for (const name of [CONTENT_COUNT, CHANNEL_SLUG]) {
      await rm(join(migrations, name), { recursive: true, force: true });
    }
  }
});

it('runs check on the server CHECK_DATABASE_URL names', async () => {
  const check = await runImageMigrator(['check'], {
    CHECK_DATABASE_URL: (await serverUrl()).toString(),
  });
  expect(check.code, check.stdout + check.stderr).toBe(0);
});

it('says to set CHECK_DATABASE_URL when check has no server: the image has no embedded PostgreSQL', async () => {
  const check = await runImageMigrator(['check']);
  expect(check.code).toBe(2);
  expect(check.stderr).toContain('this installation has no embedded one');
  expect(check.stderr).toContain('Set CHECK_DATABASE_URL=');
  expect(check.stderr).not.toMatch(/\n\s+at /);
});

/** The test PostgreSQL's server, as a URL to its `postgres` database. */
async function serverUrl(): Promise<URL> {
  const database = await createTestDatabase({ contents: 'empty' });
  databases.push(database);
  const url = new URL(database.url);
  url.pathname = '/postgres';
  return url;
}
