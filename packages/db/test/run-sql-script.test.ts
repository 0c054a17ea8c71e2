import { Client } from 'pg';
import { runSqlScript } from '../src/engine';
import { createTestDatabase, type TestDatabase } from '../src/testing';

describe('runSqlScript', () => {
  let database: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    database = await createTestDatabase({ contents: 'empty' });
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE TABLE "item" ("id" INT PRIMARY KEY, "label" TEXT)`);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const indexes = async () =>
    (
      await client.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'item' ORDER BY indexname`,
      )
    ).rows.map((row) => row.indexname);

  it('runs a -- migrate:no-transaction script statement by statement (CREATE INDEX CONCURRENTLY)', async () => {
    await runSqlScript(
      client,
      `-- migrate:no-transaction
      -- builds without blocking writes; 'a;b' stays one string
      SET lock_timeout = '3s';
      CREATE INDEX CONCURRENTLY "item_label_idx" ON "item" ("label");
      CREATE INDEX CONCURRENTLY "item_label_semicolon_idx" ON "item" ("label") WHERE "label" <> 'a;b';`,
    );
    expect(await indexes()).toEqual(['item_label_idx', 'item_label_semicolon_idx', 'item_pkey']);
  });

  it('runs any other script as one implicit transaction, where CONCURRENTLY is refused', async () => {
    await expect(
      runSqlScript(
        client,
        `CREATE INDEX "item_plain_idx" ON "item" ("id", "label");
         CREATE INDEX CONCURRENTLY "item_other_idx" ON "item" ("label", "id");`,
      ),
    ).rejects.toThrow();
    expect(await indexes()).toEqual(['item_label_idx', 'item_label_semicolon_idx', 'item_pkey']);
  });
});
