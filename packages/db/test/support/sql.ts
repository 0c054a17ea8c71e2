import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { runSqlScript } from '../../src/engine';
import { prismaPaths } from '../../src/paths';

/** Runs `work` on a connection to `url`, closing it afterwards. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function query<T>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  return withClient(url, async (client) => (await client.query(sql, values)).rows as T[]);
}

/** Runs a file of the repository's history (`migration.sql` or `down.sql`) as one unit. */
export async function runHistoryFile(
  client: Client,
  migration: string,
  file: 'migration.sql' | 'down.sql',
) {
  await runSqlScript(client, await readFile(join(prismaPaths.migrations, migration, file), 'utf8'));
}
