import { Client } from 'pg';
import { applyMigrations } from '../src/engine';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { bridgeBinary, runPrismaCli } from './support/prisma-cli';
import { createTemporaryProject, type TemporaryProject } from './support/temporary-migrations';

const FUNCTION_BODY_MIGRATION = `
CREATE TABLE "note" ("id" SERIAL PRIMARY KEY, "body" TEXT NOT NULL DEFAULT 'a;b');

CREATE FUNCTION note_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.body := NEW.body || ';stamped';
  RETURN NEW;
END;
$$;

CREATE TRIGGER note_stamp BEFORE INSERT ON "note" FOR EACH ROW EXECUTE FUNCTION note_stamp();
INSERT INTO "note" ("body") VALUES ('semi;colon');
`;

const NOTE_MODEL = `model Note {
  id   Int    @id @default(autoincrement())
  body String @default("a;b")

  @@map("note")
}
`;

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('a migration file runs as one unit', () => {
  let project: TemporaryProject;
  const databases: TestDatabase[] = [];
  const emptyDatabase = async () => {
    const database = await createTestDatabase({ contents: 'empty' });
    databases.push(database);
    return database;
  };

  beforeAll(async () => {
    project = await createTemporaryProject(
      { '20240101000000_add_note': FUNCTION_BODY_MIGRATION },
      NOTE_MODEL,
      bridgeBinary,
    );
  });
  afterAll(async () => {
    await project.remove();
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('keeps $$ function bodies and semicolons inside strings intact', async () => {
    const database = await emptyDatabase();

    const applied = await applyMigrations({
      url: database.url,
      migrationsDir: project.migrationsDir,
    });

    expect(applied).toEqual(['20240101000000_add_note']);
    const rows = await query<{ body: string }>(database.url, 'SELECT body FROM note');
    expect(rows).toEqual([{ body: 'semi;colon;stamped' }]);
    const [column] = await query<{ column_default: string }>(
      database.url,
      `SELECT column_default FROM information_schema.columns WHERE table_name = 'note' AND column_name = 'body'`,
    );
    expect(column?.column_default).toBe(`'a;b'::text`);
  });

  // The stock CLI starts its WebAssembly engine on each run: over 60 s at CI load.
  it('does the same through the stock Prisma CLI on the engine bridge', async () => {
    const database = await emptyDatabase();

    const deploy = await runPrismaCli(
      ['migrate', 'deploy'],
      { DATABASE_URL: database.url },
      project.configPath,
    );

    expect(deploy.code, deploy.stderr).toBe(0);
    expect(await query(database.url, 'SELECT body FROM note')).toEqual([
      { body: 'semi;colon;stamped' },
    ]);
    const ledger = await query<{ migration_name: string; finished: boolean }>(
      database.url,
      'SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations',
    );
    expect(ledger).toEqual([{ migration_name: '20240101000000_add_note', finished: true }]);
  }, 180_000);

  it('leaves nothing behind when a statement in the middle fails', async () => {
    const failing = await createTemporaryProject(
      {
        '20240101000000_half_broken':
          'CREATE TABLE "first_half" ("id" INT);\nSELECT 1 / 0;\nCREATE TABLE "second_half" ("id" INT);',
      },
      '',
      bridgeBinary,
    );
    const database = await emptyDatabase();
    try {
      await expect(
        applyMigrations({ url: database.url, migrationsDir: failing.migrationsDir }),
      ).rejects.toThrow(/division by zero/);
      const tables = await query<{ table_name: string }>(
        database.url,
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '%_half'`,
      );
      expect(tables).toEqual([]);
    } finally {
      await failing.remove();
    }
  });
});
