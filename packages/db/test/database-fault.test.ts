import { createServer, type AddressInfo } from 'node:net';
import { createPrismaClient } from '../src/client';
import { describeDatabaseFault, isDatabaseUnavailable } from '../src/postgres/database-fault';
import { withDatabaseName } from '../src/postgres/database-url';
import { createTestDatabase, testDatabaseServer, type TestDatabase } from '../src/testing';

const SECRET = 'hunter2-secret';

/** The error a real query through Prisma's driver adapter throws on `url`. */
async function errorOf(url: string, sql = 'SELECT 1'): Promise<unknown> {
  const db = createPrismaClient(url);
  try {
    await db.$queryRawUnsafe(sql);
  } catch (error) {
    return error;
  } finally {
    await db.$disconnect();
  }
  throw new Error(`no fault on ${url}`);
}

/** The fault a real query through Prisma's driver adapter meets on `url`. */
async function faultOf(url: string, sql = 'SELECT 1') {
  const db = createPrismaClient(url);
  try {
    await db.$queryRawUnsafe(sql);
    throw new Error(`no fault on ${url}`);
  } catch (error) {
    return describeDatabaseFault(error, url);
  } finally {
    await db.$disconnect();
  }
}

describe('database faults, told plainly', () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase({ contents: 'empty' });
  });
  afterAll(() => empty.drop());

  it('tells a refused connection, with where DATABASE_URL points and what to check', async () => {
    const fault = await faultOf(
      `postgresql://app:${SECRET}@127.0.0.1:1/publishing?sslpassword=${SECRET}`,
    );

    expect(fault.kind).toBe('unreachable');
    expect(fault.message).toBe(
      'cannot reach the database server at 127.0.0.1:1 (connection refused) — is PostgreSQL running? DATABASE_URL points there',
    );
  });

  it('tells an unknown host', async () => {
    const fault = await faultOf(`postgresql://app:${SECRET}@no-such-host.invalid:5432/publishing`);

    expect(fault.kind).toBe('unreachable');
    expect(fault.problem).toBe(
      'cannot reach the database server at no-such-host.invalid:5432 (host not found)',
    );
  });

  it('tells refused credentials and a missing database, without the password', async () => {
    const server = new URL(testDatabaseServer().serverUrl);
    const stranger = new URL(server);
    stranger.username = 'nobody_here';
    stranger.password = SECRET;

    const credentials = await faultOf(withDatabaseName(stranger.toString(), 'postgres'));
    const missing = await faultOf(withDatabaseName(server.toString(), 'no_such_database'));

    expect(credentials.kind).toBe('credentials');
    expect(credentials.message).toMatch(/refused (the password of )?user "nobody_here"/);
    expect(credentials.message).not.toContain(SECRET);
    expect(missing.kind).toBe('missing-database');
    expect(missing.message).toBe(
      `database "no_such_database" does not exist on ${server.hostname}:${server.port} — ` +
        'create it (`createdb no_such_database`) or fix the database name in DATABASE_URL',
    );
  });

  it('tells a database without the tables from one that cannot be reached', async () => {
    const fault = await faultOf(empty.url, 'SELECT 1 FROM publishing_deliveries LIMIT 1');

    expect(fault.kind).toBe('not-migrated');
    expect(fault.message).toMatch(
      /is not migrated \(no table publishing_deliveries\) — run `pnpm migrate deploy`$/,
    );
  });

  it('falls back to the driver’s own sentence, without Prisma’s invocation header', async () => {
    const database = await createTestDatabase();
    try {
      const fault = await faultOf(database.url, 'SELECT * FROM no_such_function()');
      expect(fault.kind).toBe('other');
      expect(fault.problem).not.toMatch(/Invalid `prisma|invocation/);
      expect(fault.problem).toMatch(/no_such_function/);
    } finally {
      await database.drop();
    }
  });
});

describe('a database that cannot be used right now, told from a query that failed', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('is unavailable when refused, unknown, missing or refusing the login', async () => {
    const server = new URL(testDatabaseServer().serverUrl);
    const stranger = new URL(server);
    stranger.username = 'nobody_here';
    stranger.password = SECRET;

    for (const url of [
      'postgresql://app@127.0.0.1:1/publishing',
      withDatabaseName(server.toString(), 'no_such_database'),
      withDatabaseName(stranger.toString(), 'postgres'),
    ]) {
      expect(isDatabaseUnavailable(await errorOf(url))).toBe(true);
    }
  });

  it('is unavailable when the server ends the session under a running query (57P01)', async () => {
    const db = createPrismaClient(database.url, { applicationName: 'doomed-session' });
    const admin = createPrismaClient(database.url);
    try {
      const running = db.$queryRawUnsafe('SELECT pg_sleep(5)').catch((error: unknown) => error);
      await waitFor(async () => {
        const rows = await admin.$queryRawUnsafe<{ pid: number }[]>(
          "SELECT pid FROM pg_stat_activity WHERE application_name = 'doomed-session' AND state = 'active'",
        );
        return rows.length > 0;
      });
      await admin.$queryRawUnsafe(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed-session'",
      );
      const error = await running;

      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(describeDatabaseFault(error, database.url).kind).toBe('unreachable');
    } finally {
      await db.$disconnect();
      await admin.$disconnect();
    }
  });

  it('is unavailable when the server accepts connections but never answers (connect timeout)', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const url = `postgresql://app@127.0.0.1:${port}/publishing`;
    const db = createPrismaClient(url, { connectTimeoutMs: 200 });
    try {
      const error = await db.channel.findMany().catch((caught: unknown) => caught);

      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(describeDatabaseFault(error, url).kind).toBe('unreachable');
    } finally {
      await db.$disconnect();
      silent.close();
    }
  });

  it('is not unavailable for a query the database refused, nor for a connection error elsewhere', async () => {
    const badQuery = await errorOf(database.url, 'SELECT * FROM no_such_function()');
    const notMigrated = await errorOf(database.url, 'SELECT 1 FROM no_such_table');
    const smtp = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), {
      code: 'ECONNREFUSED',
    });

    expect(isDatabaseUnavailable(badQuery)).toBe(false);
    expect(isDatabaseUnavailable(notMigrated)).toBe(false);
    expect(isDatabaseUnavailable(smtp)).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
