import { Client } from 'pg';

export async function query<T = Record<string, unknown>>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function tableExists(url: string, table: string): Promise<boolean> {
  const [row] = await query<{ found: boolean }>(
    url,
    'SELECT to_regclass($1) IS NOT NULL AS found',
    [table],
  );
  return row?.found === true;
}

export async function ledger(
  url: string,
): Promise<{ name: string; finished: boolean; rolledBack: boolean }[]> {
  if (!(await tableExists(url, '_prisma_migrations'))) return [];
  return query(
    url,
    `SELECT migration_name AS name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS "rolledBack"
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
}
