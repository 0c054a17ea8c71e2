import { randomBytes } from 'node:crypto';
import { applyMigrations } from '../engine/apply-migrations';
import { prismaPaths } from '../paths';
import { parseDatabaseUrl, withDatabaseName } from '../postgres/database-url';
import { createDatabase, dropDatabase, withServerConnection } from '../postgres/databases';
import { startEmbeddedPostgres } from '../postgres/embedded';

export interface TestDatabaseServer {
  /** URL of a database on the test server (its server and credentials are what matter). */
  serverUrl: string;
  /** A database holding the whole migration history, cloned for each test file. */
  templateDatabase: string;
  /** Prefix of every database this run creates, so teardown finds them all. */
  databasePrefix: string;
  teardown(): Promise<void>;
}

/**
 * Prepares the PostgreSQL the tests run on: `TEST_DATABASE_URL`'s server when set, otherwise a
 * throwaway embedded cluster. The migration history is applied once into a template database.
 */
export async function startTestDatabaseServer(
  testDatabaseUrl = process.env.TEST_DATABASE_URL,
): Promise<TestDatabaseServer> {
  const embedded = testDatabaseUrl ? undefined : await startEmbeddedPostgres();
  const serverUrl = testDatabaseUrl ?? embedded!.url;
  const databasePrefix = `publishing_test_${randomBytes(4).toString('hex')}`;
  const teardown = async () => {
    try {
      if (!embedded) await dropDatabasesWithPrefix(serverUrl, databasePrefix);
    } finally {
      await embedded?.stop();
    }
  };
  try {
    parseDatabaseUrl(serverUrl);
    const templateDatabase = `${databasePrefix}_template`;
    const templateUrl = await createDatabase(serverUrl, templateDatabase);
    await applyMigrations({ url: templateUrl, migrationsDir: prismaPaths.migrations });
    return { serverUrl, templateDatabase, databasePrefix, teardown };
  } catch (error) {
    await teardown();
    throw error;
  }
}

async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  const names = await withServerConnection(serverUrl, async (client) => {
    const result = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [prefix],
    );
    return result.rows.map((row) => row.datname);
  });
  for (const name of names) await dropDatabase(withDatabaseName(serverUrl, 'postgres'), name);
}
