import { Client } from 'pg';
import { createDatabase, dropDatabase } from '../postgres/databases';
import { parseDatabaseUrl } from '../postgres/database-url';
import type { EngineDatasource } from './arguments';
import { requireUrl } from './engine-methods';

/** `schema-engine --datasource JSON cli <command>`: short commands the CLI runs without RPC. */
export async function runOneShotCommand(
  command: string,
  datasource: EngineDatasource,
): Promise<void> {
  const url = requireUrl(datasource);
  const { database } = parseDatabaseUrl(url);
  switch (command) {
    case 'can-connect-to-database': {
      const client = new Client(parseDatabaseUrl(url));
      await client.connect();
      await client.end();
      return;
    }
    case 'create-database':
      await createDatabase(url, database);
      process.stdout.write(`${JSON.stringify({ databaseName: database })}\n`);
      return;
    case 'drop-database':
      await dropDatabase(url, database);
      return;
    default:
      throw new Error(`Unknown schema engine cli command "${command}".`);
  }
}
