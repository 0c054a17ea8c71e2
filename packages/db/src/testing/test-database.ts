import { randomBytes } from 'node:crypto';
import type {} from 'vitest';
import { createDatabase, dropDatabase } from '../postgres/databases';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** `migrated` (default): a clone of the template holding the whole history; `empty`: no tables. */
  contents?: 'migrated' | 'empty';
}

/**
 * A database of this test file's own, cloned from the migrated template (fast: a file copy,
 * no migration replay). Call from a test file; the vitest global setup provides the server.
 */
export async function createTestDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  // Imported lazily: vitest refuses `require()`, which is what this compiled CommonJS would do.
  const { inject } = await import('vitest');
  const server = inject('testDatabaseServer');
  const name = `${server.databasePrefix}_${randomBytes(6).toString('hex')}`;
  const template = options.contents === 'empty' ? 'template0' : server.templateDatabase;
  const url = await createDatabase(server.serverUrl, name, { template });
  return { url, name, drop: () => dropDatabase(server.serverUrl, name) };
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseServer: {
      serverUrl: string;
      templateDatabase: string;
      databasePrefix: string;
    };
  }
}
