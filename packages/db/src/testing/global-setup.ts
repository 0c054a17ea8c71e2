import { startTestDatabaseServer, type TestDatabaseServer } from './test-database-server';
import { TEST_DATABASE_SERVER_VARIABLE, type TestDatabaseServerInfo } from './test-database';

declare global {
  var publishingTestDatabaseServer: TestDatabaseServer | undefined;
}

/**
 * Jest `globalSetup`: one PostgreSQL and one migrated template database per test run. The test
 * workers, started afterwards, inherit where they are through the environment.
 */
export default async function setup(): Promise<void> {
  const server = await startTestDatabaseServer();
  globalThis.publishingTestDatabaseServer = server;
  const info: TestDatabaseServerInfo = {
    serverUrl: server.serverUrl,
    templateDatabase: server.templateDatabase,
    databasePrefix: server.databasePrefix,
  };
  process.env[TEST_DATABASE_SERVER_VARIABLE] = JSON.stringify(info);
}
