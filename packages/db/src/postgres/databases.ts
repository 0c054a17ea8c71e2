import { Client } from 'pg';
import { parseDatabaseUrl, quoteIdentifier, withDatabaseName } from './database-url';

/** Runs `work` on a short-lived connection to the server's maintenance database. */
export async function withServerConnection<T>(
  url: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client(parseDatabaseUrl(withDatabaseName(url, 'postgres')));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface CreateDatabaseOptions {
  /** Clone this database (`CREATE DATABASE … TEMPLATE`); it must have no other connections. */
  template?: string;
}

export async function createDatabase(
  serverUrl: string,
  name: string,
  options: CreateDatabaseOptions = {},
): Promise<string> {
  const template = options.template ? ` TEMPLATE ${quoteIdentifier(options.template)}` : '';
  await withServerConnection(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${quoteIdentifier(name)}${template}`),
  );
  return withDatabaseName(serverUrl, name);
}

/** Drops a database even while sessions are connected to it (PostgreSQL 13+). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withServerConnection(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  );
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withServerConnection(serverUrl, async (client) => {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  });
}
