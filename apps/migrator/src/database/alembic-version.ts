import type pg from 'pg';

/**
 * Alembic's bookkeeping table (its default `version_table`): one row per head revision. A
 * database that an Alembic revision touched has it; it is not part of this project's schema.
 */
export const ALEMBIC_VERSION_TABLE = 'alembic_version';

/** The revisions Alembic recorded, or undefined when the database has no `alembic_version`. */
export async function readAlembicRevisions(client: pg.Client): Promise<string[] | undefined> {
  const found = await client.query<{ present: boolean }>(
    `SELECT to_regclass('public.${ALEMBIC_VERSION_TABLE}') IS NOT NULL AS present`,
  );
  if (!found.rows[0]?.present) return undefined;
  const rows = await client.query<{ revision: string }>(
    `SELECT version_num::text AS revision FROM public.${ALEMBIC_VERSION_TABLE} ORDER BY 1`,
  );
  return rows.rows.map((row) => row.revision);
}

/** Whether a schema snapshot line describes `alembic_version` (its column, key or an index). */
export function isAlembicBookkeeping(line: string): boolean {
  return (
    line.startsWith(`column ${ALEMBIC_VERSION_TABLE}.`) ||
    line.startsWith(`constraint ${ALEMBIC_VERSION_TABLE}.`) ||
    (line.startsWith('index ') && line.includes(` ON public.${ALEMBIC_VERSION_TABLE} `))
  );
}

export async function dropAlembicVersion(client: pg.Client): Promise<void> {
  await client.query(`DROP TABLE public.${ALEMBIC_VERSION_TABLE}`);
}
