import type { ClientBase } from 'pg';

/**
 * A text description of everything a migration can change in the `public` schema (tables,
 * columns, constraints, indexes, enums, functions, triggers, extensions, fillfactors), stable
 * across runs so two databases' schemas can be compared with `toEqual`. Prisma's own ledger table
 * is left out.
 */
export async function snapshotSchema(client: ClientBase, schema = 'public'): Promise<string[]> {
  const queries = [
    `SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' || c.data_type || ' ' ||
            coalesce(c.udt_name, '') || ' ' || coalesce(c.character_maximum_length::text, '') || ' ' ||
            coalesce(c.datetime_precision::text, '') || ' null=' || c.is_nullable || ' default=' ||
            coalesce(c.column_default, '') || ' #' ||
            -- position among live columns: attnum keeps counting dropped ones
            row_number() OVER (PARTITION BY c.table_name ORDER BY c.ordinal_position)
       FROM information_schema.columns c
      WHERE c.table_schema = $1 AND c.table_name <> '_prisma_migrations'`,
    `SELECT 'constraint ' || rel.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
       FROM pg_constraint con
       JOIN pg_class rel ON rel.oid = con.conrelid
       JOIN pg_namespace ns ON ns.oid = rel.relnamespace
      WHERE ns.nspname = $1 AND rel.relname <> '_prisma_migrations'`,
    `SELECT 'index ' || indexdef FROM pg_indexes
      WHERE schemaname = $1 AND tablename <> '_prisma_migrations'`,
    `SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
       FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace ns ON ns.oid = t.typnamespace
      WHERE ns.nspname = $1
      GROUP BY t.typname`,
    `SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' ||
            md5(pg_get_functiondef(p.oid))
       FROM pg_proc p
       JOIN pg_namespace ns ON ns.oid = p.pronamespace
       LEFT JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
      WHERE ns.nspname = $1 AND d.objid IS NULL AND p.prokind IN ('f', 'p')`,
    `SELECT 'trigger ' || pg_get_triggerdef(t.oid)
       FROM pg_trigger t
       JOIN pg_class rel ON rel.oid = t.tgrelid
       JOIN pg_namespace ns ON ns.oid = rel.relnamespace
      WHERE ns.nspname = $1 AND NOT t.tgisinternal`,
    // A table's fillfactor is a design decision a migration makes; its autovacuum settings are
    // an operator's tuning, which a schema comparison must not report.
    `SELECT 'storage ' || c.relname || ' ' || o.option
       FROM pg_class c
       JOIN pg_namespace ns ON ns.oid = c.relnamespace
      CROSS JOIN LATERAL unnest(c.reloptions) AS o(option)
      WHERE ns.nspname = $1 AND c.relname <> '_prisma_migrations' AND o.option LIKE 'fillfactor=%'`,
    `SELECT 'sequence ' || sequence_name FROM information_schema.sequences WHERE sequence_schema = $1`,
    `SELECT 'extension ' || e.extname FROM pg_extension e
       JOIN pg_namespace ns ON ns.oid = e.extnamespace
      WHERE ns.nspname = $1`,
  ];
  const lines: string[] = [];
  for (const query of queries) {
    const result = await client.query<string[]>({
      text: query,
      values: [schema],
      rowMode: 'array',
    });
    for (const [line] of result.rows) lines.push(String(line));
  }
  return lines.sort();
}
