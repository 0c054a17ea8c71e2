import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '../postgres/databases';

export interface TestDatabase {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** `migrated` (default): a clone of the template holding the whole history; `empty`: no tables. */
  contents?: 'migrated' | 'empty';
}

/** Where the global setup's server and template are, handed to the test workers. */
export interface TestDatabaseServerInfo {
  serverUrl: string;
  templateDatabase: string;
  databasePrefix: string;
}

export const TEST_DATABASE_SERVER_VARIABLE = 'PUBLISHING_TEST_DATABASE_SERVER';

/**
 * A database of this test file's own, cloned from the migrated template (fast: a file copy,
 * no migration replay). Call from a test file; the jest global setup provides the server.
 */
export async function createTestDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const server = testDatabaseServer();
  const name = `${server.databasePrefix}_${randomBytes(6).toString('hex')}`;
  const template = options.contents === 'empty' ? 'template0' : server.templateDatabase;
  const url = await createDatabase(server.serverUrl, name, { template });
  return { url, name, drop: () => dropDatabase(server.serverUrl, name) };
}

/** The server and template the global setup prepared (for tests that need the server itself). */
export function testDatabaseServer(): TestDatabaseServerInfo {
  const value = process.env[TEST_DATABASE_SERVER_VARIABLE];
  if (!value) {
    throw new Error(
      `${TEST_DATABASE_SERVER_VARIABLE} is not set: run the tests through jest, whose globalSetup ` +
        "('@publishing/db/testing/global-setup') starts the test PostgreSQL.",
    );
  }
  return JSON.parse(value) as TestDatabaseServerInfo;
}
