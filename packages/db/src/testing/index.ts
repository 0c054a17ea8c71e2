export {
  createTestDatabase,
  testDatabaseServer,
  type TestDatabase,
  type TestDatabaseServerInfo,
  type CreateTestDatabaseOptions,
} from './test-database';
export { createTestLoginRole, type TestLoginRole } from './test-login-role';
export { startTestDatabaseServer, type TestDatabaseServer } from './test-database-server';
export { snapshotSchema } from '../postgres/schema-snapshot';
