import { PrismaService } from '@publishing/db/nest';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

const REPOSITORY_ROOT = resolve(__dirname, '../../..');

/** The real migrator CLI (built by turbo before these tests), as the deploy pipeline runs it. */
function migrate(args: string[], databaseUrl: string, migrationsDir?: string) {
  return spawnSync(process.execPath, ['apps/migrator/bin/migrate.cjs', ...args], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ...(migrationsDir ? { MIGRATIONS_DIR: migrationsDir } : {}),
    },
    encoding: 'utf8',
  });
}

describe('health and the legacy contract', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('reports healthy in the legacy envelope when the database is at head', async () => {
    const response = await request(testApp.http).get('/health').expect(200);

    expect(response.body).toMatchObject({
      data: { status: 'healthy', database_status: 'connected', version: expect.any(String) },
      meta: { request_id: response.headers['x-correlation-id'], timestamp: expect.any(String) },
      errors: [],
    });
  });

  it('is live and ready', async () => {
    await request(testApp.http).get('/health/live').expect(200);
    const ready = await request(testApp.http).get('/health/ready').expect(200);
    expect(ready.body.data).toMatchObject({
      status: 'ready',
      migrations: { atHead: true, pending: [] },
    });
  });

  it('answers unknown routes and routes outside the prefix with a 404 problem', async () => {
    for (const path of ['/api/v1/nothing-here', '/publications', '/api/publications']) {
      const response = await request(testApp.http).get(path).expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toEqual({
        type: 'https://httpstatuses.com/404',
        title: 'Not Found',
        status: 404,
        detail: `No route matches GET ${path}.`,
        instance: path,
        traceId: response.headers['x-correlation-id'],
      });
    }
  });

  it('answers a wrong method with a 405 problem and an Allow header', async () => {
    const response = await request(testApp.http).delete('/api/v1/').expect(405);

    expect(response.headers.allow).toBe('GET');
    expect(response.body).toMatchObject({
      status: 405,
      title: 'Method Not Allowed',
      instance: '/api/v1/',
    });
  });

  it('echoes a sane X-Correlation-ID and replaces an unsafe one', async () => {
    const echoed = await request(testApp.http)
      .get('/health/live')
      .set('X-Correlation-ID', 'req-42.a')
      .expect(200);
    expect(echoed.headers['x-correlation-id']).toBe('req-42.a');
    const replaced = await request(testApp.http)
      .get('/health/live')
      .set('X-Correlation-ID', 'bad id\twith spaces')
      .expect(200);
    expect(replaced.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document generated from the code', async () => {
    const response = await request(testApp.http).get('/api/v1/openapi.json').expect(200);

    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/health/ready', '/api/v1']),
    );
  });
});

describe('readiness when the database is behind the shipped history', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
    expect(migrate(['rollback'], testApp.database.url).status).toBe(0);
  });
  afterAll(() => testApp.close());

  it('is 503 naming the pending migration and the command, then 200 after `migrate deploy`', async () => {
    const response = await request(testApp.http).get('/health/ready').expect(503);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toMatch(
      /1 migration\(s\) pending \(\d{14}_\w+\): run `pnpm migrate deploy`/,
    );
    const pending = response.body.migrations.pending;
    expect(response.body).toMatchObject({
      type: 'https://httpstatuses.com/503',
      status: 503,
      instance: '/health/ready',
      traceId: expect.any(String),
      migrations: {
        atHead: false,
        ready: false,
        applied: expect.any(Number),
        pending: [expect.stringMatching(/^\d{14}_\w+$/)],
        failed: [],
        edited: [],
        unknown: [],
        dataSteps: [],
        problems: [expect.stringContaining(`pending (${pending[0]})`)],
      },
    });
    expect(response.body.migrations.applied).toBeGreaterThan(0);
    const health = await request(testApp.http).get('/health').expect(200);
    expect(health.body.data.status).toBe('degraded');

    expect(migrate(['deploy'], testApp.database.url).status).toBe(0);
    await request(testApp.http).get('/health/ready').expect(200);
  });
});

describe('readiness when the database is ahead of this build (a newer release migrated it)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.get(PrismaService).$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES (gen_random_uuid()::text, repeat('0', 64), '29990101000000_from_the_next_release', now(), now(), 1)`,
    );
  });
  afterAll(() => testApp.close());

  it('stays ready, so the previous release keeps serving during a rollout, and says why', async () => {
    const ready = await request(testApp.http).get('/health/ready').expect(200);

    expect(ready.body.data.migrations).toMatchObject({
      atHead: false,
      ready: true,
      unknown: ['29990101000000_from_the_next_release'],
      warnings: [expect.stringContaining('the database is ahead of this build')],
    });
    const health = await request(testApp.http).get('/health').expect(200);
    expect(health.body.data).toMatchObject({
      status: 'healthy',
      issues: [expect.stringContaining('ahead of this build')],
    });
  });
});

describe("readiness when a newer release's migration failed (its rollout stopped at the migrator)", () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.get(PrismaService).$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES (gen_random_uuid()::text, repeat('0', 64), '29990101000000_failed_in_the_next_release', now(), NULL, 0)`,
    );
  });
  afterAll(() => testApp.close());

  it('stays ready, since this build does not ship that migration, and says what to resolve', async () => {
    const ready = await request(testApp.http).get('/health/ready').expect(200);

    expect(ready.body.data.migrations).toMatchObject({
      atHead: false,
      ready: true,
      failed: ['29990101000000_failed_in_the_next_release'],
      problems: [],
      warnings: [
        expect.stringMatching(
          /^migration 29990101000000_failed_in_the_next_release of a newer release failed \(not in this build\): serving; resolve it with `pnpm migrate resolve`/,
        ),
      ],
    });
  });

  it('is not ready when the failed migration is one this build ships', async () => {
    const prisma = testApp.app.get(PrismaService);
    const [last] = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name DESC LIMIT 1',
    );
    await prisma.$executeRawUnsafe(
      'UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1',
      last!.migration_name,
    );

    const response = await request(testApp.http).get('/health/ready').expect(503);
    expect(response.body.migrations).toMatchObject({
      ready: false,
      failed: expect.arrayContaining([last!.migration_name]),
    });
    expect(response.body.detail).toContain(
      `migration ${last!.migration_name} failed: resolve it with \`pnpm migrate resolve\``,
    );
  });
});

describe('readiness with data steps (data.ts) owed by applied migrations', () => {
  // The worked example of docs/migrator.md: a batched, non-blocking backfill and a
  // transaction-mode, blocking one, on this project's own tables.
  const CONTENT_COUNT = '20990101000000_add_publication_content_count';
  const CHANNEL_SLUG = '20990101000100_add_channel_slug';
  let root: string;
  let migrationsDir: string;
  let testApp: TestApp;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'publishing-data-steps-'));
    migrationsDir = join(root, 'migrations');
    await cp(join(REPOSITORY_ROOT, 'prisma/migrations'), migrationsDir, { recursive: true });
    await cp(join(REPOSITORY_ROOT, 'apps/migrator/test/fixtures/data-steps'), migrationsDir, {
      recursive: true,
    });
    testApp = await createTestApp({ MIGRATIONS_DIR: migrationsDir });
    const deployed = migrate(['deploy'], testApp.database.url, migrationsDir);
    expect(deployed.status, deployed.stderr).toBe(0);
  });
  afterAll(async () => {
    await testApp.close();
    await rm(root, { recursive: true, force: true });
  });

  /** What the stock `prisma migrate deploy` leaves: the SQL applied, the data step never run. */
  const forgetDataStep = (name: string) =>
    testApp.app
      .get(PrismaService)
      .$executeRawUnsafe(
        `DELETE FROM publishing_migrator.data_steps WHERE migration_name = $1`,
        name,
      );

  it('stays not ready while a blocking step is owed, and is ready once deploy ran it', async () => {
    await request(testApp.http).get('/health/ready').expect(200);
    await forgetDataStep(CHANNEL_SLUG);

    const response = await request(testApp.http).get('/health/ready').expect(503);
    expect(response.body.detail).toContain(
      `data step ${CHANNEL_SLUG} (transaction) is not started: run \`pnpm migrate deploy\``,
    );
    expect(response.body.migrations).toMatchObject({
      ready: false,
      pending: [],
      dataSteps: expect.arrayContaining([
        { name: CHANNEL_SLUG, mode: 'transaction', blocking: true, state: 'not started' },
      ]),
    });

    expect(migrate(['deploy'], testApp.database.url, migrationsDir).status).toBe(0);
    const ready = await request(testApp.http).get('/health/ready').expect(200);
    expect(ready.body.data.migrations).toMatchObject({ atHead: true, dataSteps: [] });
  });

  it('stays ready with a warning while a non-blocking step is owed', async () => {
    await forgetDataStep(CONTENT_COUNT);

    const ready = await request(testApp.http).get('/health/ready').expect(200);

    expect(ready.body.data.migrations).toMatchObject({
      atHead: false,
      ready: true,
      dataSteps: [{ name: CONTENT_COUNT, mode: 'batched', blocking: false, state: 'not started' }],
      warnings: [expect.stringContaining('not blocking: serving meanwhile')],
    });
  });
});
