import type { ClientBase } from 'pg';

/** Each table of the `public` schema with a digest of its rows, in a stable order. */
export async function fingerprintTables(client: ClientBase): Promise<Map<string, string>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
        AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  const digests = new Map<string, string>();
  for (const { name } of tables) {
    const { rows } = await client.query<{ digest: string }>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest
         FROM "${name.replaceAll('"', '""')}" AS t`,
    );
    digests.set(name, rows[0]!.digest);
  }
  return digests;
}

/** Tables whose rows differ between two fingerprints (present in both). */
export function changedTables(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string[] {
  return [...before]
    .filter(([name, digest]) => after.has(name) && after.get(name) !== digest)
    .map(([name]) => name);
}
