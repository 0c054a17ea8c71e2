import { createTestDatabase, type TestDatabase } from '../src/testing';
import { runPrismaCli } from './support/prisma-cli';

describe('the stock Prisma CLI, offline, on the engine bridge', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('reports a database holding the whole history as up to date', async () => {
    const status = await runPrismaCli(['migrate', 'status'], { DATABASE_URL: database.url });

    expect(status.stdout).toContain('Database schema is up to date!');
    expect(status.code).toBe(0);
  });

  // The stock CLI starts its WebAssembly engine and a shadow database: over 60 s at CI load.
  it('finds no difference between the history and schema.prisma', async () => {
    const diff = await runPrismaCli(
      [
        'migrate',
        'diff',
        '--from-migrations',
        'prisma/migrations',
        '--to-schema',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      { DATABASE_URL: database.url },
    );

    expect(diff.stdout).toContain('No difference detected.');
    expect(diff.code).toBe(0);
  }, 180_000);

  it('reports pending migrations on an empty database with a non-zero exit', async () => {
    const empty = await createTestDatabase({ contents: 'empty' });
    try {
      const status = await runPrismaCli(['migrate', 'status'], { DATABASE_URL: empty.url });

      expect(status.stdout).toContain('have not yet been applied');
      expect(status.code).not.toBe(0);
    } finally {
      await empty.drop();
    }
  });
});
