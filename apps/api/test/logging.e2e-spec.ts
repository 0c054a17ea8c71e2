import {
  createTestDatabase,
  createTestLoginRole,
  testDatabaseServer,
  type TestDatabase,
  type TestLoginRole,
} from '@publishing/db/testing';
import { unusedPort } from '@publishing/testing';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  createApiKey,
  runApiUntilExit,
  startApiProcess,
  type ApiProcess,
  type LogLine,
} from './support/api-process';

const SSL_KEY_PASSWORD = `sslkey-${randomUUID()}`;
const REPOSITORY_ROOT = resolve(__dirname, '../../..');

/** The real migrator CLI (built by turbo before these tests), as the deploy pipeline runs it. */
function migrate(args: string[], databaseUrl: string) {
  const run = spawnSync(process.execPath, ['apps/migrator/bin/migrate.cjs', ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
}

async function runSql(databaseUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function expectNoSecret(output: string, role: { password: string }): void {
  expect(output).not.toContain(role.password);
  expect(output).not.toContain(SSL_KEY_PASSWORD);
}

describe('the API start-up with a database it cannot use', () => {
  const password = `pw-${randomUUID()}`;

  it('exits 1 saying in one line that the server cannot be reached, no stack, no password', async () => {
    const port = await unusedPort();

    const run = await runApiUntilExit({
      DATABASE_URL: `postgresql://app:${password}@127.0.0.1:${port}/publishing?password=${password}&sslpassword=${SSL_KEY_PASSWORD}`,
    });

    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.lines.at(-1), `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toMatchObject({
      level: 'fatal',
      name: 'publishing-api',
      msg: `cannot reach the database server at 127.0.0.1:${port} (connection refused) — is PostgreSQL running? DATABASE_URL points there`,
    });
    expect(run.stdout + run.stderr).not.toMatch(/Invalid `prisma|\n\s+at /);
    expectNoSecret(run.stdout + run.stderr, { password });
  });

  it('says plainly when the server refuses the user or has no such database', async () => {
    const server = new URL(testDatabaseServer().serverUrl);
    const stranger = new URL(server);
    stranger.username = 'nobody_here';
    stranger.password = password;
    stranger.pathname = '/publishing';
    const missing = new URL(server);
    missing.pathname = '/no_such_database';

    const refused = await runApiUntilExit({ DATABASE_URL: stranger.toString() });
    const absent = await runApiUntilExit({ DATABASE_URL: missing.toString() });

    expect(refused.code).toBe(1);
    expect(refused.lines.at(-1)?.msg).toMatch(
      /^the database server at 127\.0\.0\.1:\d+ refused (the password of )?user "nobody_here"/,
    );
    expectNoSecret(refused.stdout + refused.stderr, { password });
    expect(absent.code).toBe(1);
    expect(absent.lines.at(-1)?.msg).toBe(
      `database "no_such_database" does not exist on ${server.hostname}:${server.port} — ` +
        'create it (`createdb no_such_database`) or fix the database name in DATABASE_URL',
    );
  });
});

describe('the running API’s logs', () => {
  let database: TestDatabase;
  let role: TestLoginRole;
  let api: ApiProcess;
  let auth: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    role = await createTestLoginRole();
    auth = { Authorization: `Bearer ${createApiKey(database.url)}` };
    api = await startApiProcess({
      DATABASE_URL: role.urlWithSecrets(database.url, SSL_KEY_PASSWORD),
      LOG_LEVEL: 'debug',
    });
  });
  afterAll(async () => {
    await api?.stop();
    await database.drop();
    await role.drop();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.baseUrl}${path}`, { headers });
  const linesOf = (correlationId: string): LogLine[] =>
    api.lines().filter((line) => line.correlation_id === correlationId);
  const requestLine = (correlationId: string) =>
    api.waitForLine(
      `for request ${correlationId}`,
      (line) => line.correlation_id === correlationId && line.msg.startsWith('request '),
    );

  it('logs a request in one line with its correlation id, route template and status, no query string', async () => {
    const id = `corr-${randomUUID()}`;
    const token = `unsubscribe-token-${randomUUID()}`;

    const response = await get(`/api/v1/unsubscribe?token=${token}`, { 'X-Correlation-ID': id });

    expect(response.headers.get('x-correlation-id')).toBe(id);
    expect(await requestLine(id)).toMatchObject({
      level: 'info',
      msg: 'request completed',
      method: 'GET',
      route: '/api/v1/unsubscribe',
      status: response.status,
      duration_ms: expect.any(Number) as unknown,
    });
    expect(api.output()).not.toContain(token);
  });

  it('carries the correlation id on every line written while serving a request', async () => {
    const id = `corr-${randomUUID()}`;

    await get('/health/ready', { 'X-Correlation-ID': id });
    await requestLine(id);

    // The readiness check logs its first state while serving the probe, then the request line.
    expect(linesOf(id).map((line) => line.msg)).toEqual(['ready', 'request completed']);
  });

  it('logs 4xx answers as information, not as errors, even those refused before any route', async () => {
    const unknownRoute = `corr-${randomUUID()}`;
    const outsidePrefix = `corr-${randomUUID()}`;
    const invalid = `corr-${randomUUID()}`;
    const unparsable = `corr-${randomUUID()}`;
    const post = (id: string, body: string) =>
      fetch(`${api.baseUrl}/api/v1/channels`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'X-Correlation-ID': id },
        body,
      });

    expect((await get('/api/v1/nothing-here', { 'X-Correlation-ID': unknownRoute })).status).toBe(
      404,
    );
    expect((await get('/nothing?token=t0k3n', { 'X-Correlation-ID': outsidePrefix })).status).toBe(
      404,
    );
    expect((await post(invalid, '{}')).status).toBe(422);
    expect((await post(unparsable, '{not json')).status).toBe(400);

    const expected: [string, string, number][] = [
      [unknownRoute, '/api/v1/nothing-here', 404],
      [outsidePrefix, '/nothing', 404],
      [invalid, '/api/v1/channels', 422],
      [unparsable, '/api/v1/channels', 400],
    ];
    for (const [id, route, status] of expected) {
      await requestLine(id);
      expect(linesOf(id), id).toEqual([
        expect.objectContaining({ level: 'info', msg: 'request completed', route, status }),
      ]);
      expect(linesOf(id)[0]).not.toHaveProperty('err');
    }
    expect(api.output()).not.toContain('t0k3n');
  });

  it('logs readiness once per change of state, not once per probe', async () => {
    const probe = async (times: number, status: number) => {
      for (let i = 0; i < times; i++) expect((await get('/health/ready')).status).toBe(status);
    };

    await probe(2, 200);
    migrate(['rollback'], database.url);
    await probe(3, 503);
    migrate(['deploy'], database.url);
    await probe(2, 200);

    expect(
      api
        .lines()
        .filter((line) => line.context === 'Readiness')
        .map((line) => [line.level, line.msg]),
    ).toEqual([
      ['info', 'ready'],
      ['warn', expect.stringMatching(/^not ready: 1 migration\(s\) pending \(\d{14}_\w+\)/)],
      ['info', 'ready again'],
    ]);
    const notReadyProbes = api
      .lines()
      .filter((line) => line.route === '/health/ready' && line.status === 503);
    expect(notReadyProbes.map((line) => line.level)).toEqual(['debug', 'debug', 'debug']);
  });

  it('logs an unexpected failure at error level with its stack, which the client never sees', async () => {
    await runSql(database.url, 'DROP TABLE publishing_alerts CASCADE');
    const id = `corr-${randomUUID()}`;

    const response = await get('/api/v1/alerts', { ...auth, 'X-Correlation-ID': id });
    const body = await response.text();

    expect(response.status).toBe(500);
    expect(body).not.toMatch(/\n\s+at |prisma|publishing_alerts/i);
    const line = await requestLine(id);
    expect(line).toMatchObject({ level: 'error', msg: 'request failed', status: 500 });
    expect((line.err as { stack?: string }).stack).toMatch(/publishing_alerts[\s\S]*\n\s+at /);
    expect(linesOf(id)).toHaveLength(1);
  });

  it('never writes the database password, wherever DATABASE_URL carried it', () => {
    expect(api.output()).toContain(`${role.name}:***@`);
    expectNoSecret(api.output(), role);
  });
});

describe('readiness when the database goes away', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApiProcess({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await api?.stop();
    await database.drop();
  });

  it('logs why once, and answers the probe without saying where the database lives', async () => {
    expect((await fetch(`${api.baseUrl}/health/ready`)).status).toBe(200);
    await database.drop();

    const answers: Response[] = [];
    for (let i = 0; i < 4; i++) answers.push(await fetch(`${api.baseUrl}/health/ready`));

    expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503, 503]);
    const { hostname, port } = new URL(database.url);
    for (const answer of answers) {
      const body = await answer.text();
      expect(body).toContain('the database does not answer');
      expect(body).not.toContain(`${hostname}:${port}`);
    }
    expect(
      api
        .lines()
        .filter((line) => line.context === 'Readiness')
        .map((line) => [line.level, line.msg]),
    ).toEqual([
      ['info', 'ready'],
      ['warn', `not ready: database "${database.name}" does not exist on ${hostname}:${port}`],
    ]);
  });
});
