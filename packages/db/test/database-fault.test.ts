import { createPrismaClient } from '../src/client';
import { describeDatabaseFault } from '../src/postgres/database-fault';
import { withDatabaseName } from '../src/postgres/database-url';
import { createTestDatabase, testDatabaseServer, type TestDatabase } from '../src/testing';

const SECRET = 'hunter2-secret';

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
