import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  bindMigrationAwareSqlAdapterFactory,
  type SqlQuery,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { parseDatabaseUrl } from '../postgres/database-url';
import { createDatabase, dropDatabase } from '../postgres/databases';
import { DedicatedConnectionPool } from './dedicated-connection-pool';

export interface MigrationAdapterOptions {
  /** The database to migrate or inspect. */
  url: string;
  /**
   * Server on which throwaway shadow databases are created (default: the main URL's server).
   * The database named in this URL is never touched.
   */
  shadowServerUrl?: string;
}

/**
 * The driver adapter factory the schema engine runs on: `@prisma/adapter-pg` with the fixes this
 * engine needs (one dedicated session, migration files run whole, catalog types readable,
 * a fresh shadow database per use that is dropped afterwards).
 */
export function createMigrationAdapterFactory(options: MigrationAdapterOptions) {
  const open = new Set<SqlDriverAdapter>();
  const track = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    open.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      open.delete(adapter);
      return dispose();
    };
    return adapter;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => track(connectTo(options.url)),
    connectToShadowDb: () =>
      track(connectToThrowawayDatabase(options.shadowServerUrl ?? options.url)),
  };
  return {
    factory: bindMigrationAwareSqlAdapterFactory(factory),
    /**
     * Closes every connection the engine still holds. The engine keeps its main connection (and
     * the session-level advisory lock on it) until then, as the native engine does until exit.
     */
    disposeAll: async () => {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    },
  };
}

async function connectTo(url: string, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const pool = new DedicatedConnectionPool(parseDatabaseUrl(url));
  pool.on('error', () => undefined);
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  const dispose = adapter.dispose.bind(adapter);
  const queryRaw = adapter.queryRaw.bind(adapter);
  return Object.assign(adapter, {
    // adapter-pg has no mapping for `"char"` (pg_constraint.contype...), so it arrives as text and
    // is handed to the engine as the character type its catalog readers expect.
    queryRaw: async (query: SqlQuery) => {
      const result = await queryRaw(query);
      for (const index of pool.charColumnsOf(result.rows))
        result.columnTypes[index] = ColumnTypeEnum.Character;
      return result;
    },
    executeScript: (script: string) => pool.executeScript(script),
    dispose: async () => {
      await dispose();
      await onDispose?.();
    },
  });
}

async function connectToThrowawayDatabase(serverUrl: string): Promise<SqlDriverAdapter> {
  const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
  const url = await createDatabase(serverUrl, name);
  return connectTo(url, () => dropDatabase(serverUrl, name));
}
