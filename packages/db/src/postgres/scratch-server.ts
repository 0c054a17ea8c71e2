import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from './databases';
import { startEmbeddedPostgres } from './embedded';

export interface ScratchServer {
  /** A URL on the server; only its server and credentials matter. */
  serverUrl: string;
  /** Creates an empty throwaway database, dropped by `close()` at the latest. */
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  close: () => Promise<void>;
}

/**
 * Somewhere to replay migrations that is never a real database: throwaway databases on the
 * server of `serverUrl` when given, otherwise on an embedded PostgreSQL started for the purpose.
 */
export async function openScratchServer(serverUrl?: string): Promise<ScratchServer> {
  const embedded = serverUrl ? undefined : await startEmbeddedPostgres();
  const server = serverUrl ?? embedded!.url;
  const created = new Set<string>();
  return {
    serverUrl: server,
    createDatabase: async () => {
      const name = `publishing_scratch_${randomBytes(6).toString('hex')}`;
      const url = await createDatabase(server, name, { template: 'template0' });
      created.add(name);
      return {
        url,
        drop: async () => {
          created.delete(name);
          await dropDatabase(server, name);
        },
      };
    },
    close: async () => {
      try {
        if (!embedded) for (const name of created) await dropDatabase(server, name);
      } finally {
        await embedded?.stop();
      }
    },
  };
}
