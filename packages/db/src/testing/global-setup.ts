import type { TestProject } from 'vitest/node';
import { startTestDatabaseServer } from './test-database-server';

/**
 * Vitest `globalSetup`: one PostgreSQL and one migrated template database per test run,
 * removed afterwards even when tests fail.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestDatabaseServer();
  project.provide('testDatabaseServer', {
    serverUrl: server.serverUrl,
    templateDatabase: server.templateDatabase,
    databasePrefix: server.databasePrefix,
  });
  return server.teardown;
}
