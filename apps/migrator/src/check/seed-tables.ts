import type { ClientBase } from 'pg';

export interface SeedReport {
  /** Tables that were empty and now hold `rows` rows each. */
  seeded: string[];
  /** Tables left empty, with PostgreSQL's reason (a CHECK no generated value meets, say). */
  skipped: { table: string; reason: string }[];
}

interface Column {
  name: string;
  /** `format_type` of the column, or of a domain's base type. */
  type: string;
  category: string;
  isEnum: boolean;
  notNull: boolean;
  hasDefault: boolean;
  /** `format_type` of an array's element, when `category` is A. */
  elementType: string | null;
  elementCategory: string | null;
  /** The one column of another table this column references, if any. */
  references: { table: string; column: string } | null;
}

interface Table {
  name: string;
  columns: Column[];
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Fills every empty table of the `public` schema with `rows` generated rows, parents before the
 * tables that reference them, so the data steps `check` runs meet rows as a real database holds
 * them: every batch of a walk, NULL-free columns, foreign keys that resolve. Values come from
 * the row number `g` (unique wherever a unique constraint may sit) and from column defaults
 * where a column has one; a table whose rows PostgreSQL refuses (a CHECK, a trigger) stays
 * empty and is reported, as are the tables that need it.
 */
export async function seedEmptyTables(client: ClientBase, rows: number): Promise<SeedReport> {
  const tables = await readTables(client);
  const report: SeedReport = { seeded: [], skipped: [] };
  const holdingRows = new Set<string>();
  for (const table of tables) {
    if (await hasRows(client, table.name)) holdingRows.add(table.name);
  }
  const pending = tables.filter((table) => !holdingRows.has(table.name));
  const settled = new Set(holdingRows);
  while (pending.length > 0) {
    const ready = pending.findIndex((table) =>
      table.columns.every(
        (column) =>
          !column.references ||
          column.references.table === table.name ||
          settled.has(column.references.table) ||
          !pending.some((other) => other.name === column.references?.table),
      ),
    );
    // A cycle of references: take the first table; its references to unseeded tables get NULL.
    const table = pending.splice(Math.max(ready, 0), 1)[0]!;
    settled.add(table.name);
    const reason = await seedTable(client, table, rows, holdingRows);
    if (reason === null) {
      holdingRows.add(table.name);
      report.seeded.push(table.name);
    } else {
      report.skipped.push({ table: table.name, reason });
    }
  }
  return report;
}

async function seedTable(
  client: ClientBase,
  table: Table,
  rows: number,
  holdingRows: ReadonlySet<string>,
): Promise<string | null> {
  const targets: string[] = [];
  const values: string[] = [];
  for (const column of table.columns) {
    const value = await valueFor(client, table, column, holdingRows);
    if (value === null) {
      if (column.notNull && !column.hasDefault) {
        return column.references
          ? `${column.name} references ${column.references.table}, which holds no rows`
          : `no value can be generated for ${column.name} (${column.type})`;
      }
      continue;
    }
    targets.push(quote(column.name));
    values.push(value);
  }
  const insert =
    targets.length === 0
      ? `INSERT INTO ${quote(table.name)} SELECT FROM generate_series(1, ${rows}) AS g`
      : `INSERT INTO ${quote(table.name)} (${targets.join(', ')})
         SELECT ${values.join(', ')} FROM generate_series(1, ${rows}) AS g`;
  try {
    await client.query(insert);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A SQL expression in `g` for one column, or null to leave it to its default (or NULL). */
async function valueFor(
  client: ClientBase,
  table: Table,
  column: Column,
  holdingRows: ReadonlySet<string>,
): Promise<string | null> {
  if (column.references) {
    const { table: parent, column: key } = column.references;
    if (parent === table.name || !holdingRows.has(parent)) return null;
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) AS count FROM ${quote(parent)}`,
    );
    return `(SELECT ${quote(key)} FROM ${quote(parent)} ORDER BY ${quote(key)}
              OFFSET (g - 1) % ${Number(rows[0]!.count)} LIMIT 1)`;
  }
  if (column.hasDefault) return null;
  if (column.category === 'A') {
    if (column.elementType === null || column.elementCategory === null) return null;
    const element = scalarValue(
      column.elementType,
      column.elementCategory,
      column.elementCategory === 'E',
    );
    return element === null ? null : `ARRAY[${element}]::${column.type}`;
  }
  return scalarValue(column.type, column.category, column.isEnum);
}

/** By PostgreSQL's type category (`pg_type.typcategory`). */
function scalarValue(type: string, category: string, isEnum: boolean): string | null {
  if (isEnum) {
    return `(enum_range(NULL::${type}))[1 + (g - 1) % cardinality(enum_range(NULL::${type}))]`;
  }
  if (type === 'uuid') return 'gen_random_uuid()';
  if (type === 'json' || type === 'jsonb') return `'{}'::${type}`;
  if (type === 'bytea') return `convert_to(g::text, 'UTF8')`;
  switch (category) {
    case 'S':
      return `(g::text || ${literal('.seed@example.test')})::${type}`;
    case 'N':
      return `g::${type}`;
    case 'B':
      return 'g % 2 = 0';
    case 'D':
      return `(now() - g * interval '1 minute')::${type}`;
    case 'T':
      return `(g * interval '1 second')::${type}`;
    case 'I':
      return `'127.0.0.1'::${type}`;
    default:
      return null;
  }
}

async function hasRows(client: ClientBase, table: string): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
  return rows.length > 0;
}

async function readTables(client: ClientBase): Promise<Table[]> {
  const { rows } = await client.query<Column & { table: string }>(`
    SELECT c.relname AS "table",
           a.attname AS name,
           format_type(base.oid, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) AS type,
           base.typcategory AS category,
           base.typtype = 'e' AS "isEnum",
           a.attnotnull AS "notNull",
           a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '' AS "hasDefault",
           CASE WHEN element.oid IS NOT NULL THEN format_type(element.oid, NULL) END AS "elementType",
           CASE WHEN element.typtype = 'e' THEN 'E' ELSE element.typcategory END AS "elementCategory",
           CASE WHEN fk.conname IS NOT NULL
                THEN json_build_object('table', parent.relname, 'column', parent_key.attname)
           END AS "references"
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_type t ON t.oid = a.atttypid
      JOIN pg_type base ON base.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      LEFT JOIN pg_type element ON element.oid = base.typelem AND base.typcategory = 'A'
      LEFT JOIN pg_constraint fk
             ON fk.conrelid = c.oid AND fk.contype = 'f' AND fk.conkey = ARRAY[a.attnum]
      LEFT JOIN pg_class parent ON parent.oid = fk.confrelid
      LEFT JOIN pg_attribute parent_key
             ON parent_key.attrelid = fk.confrelid AND parent_key.attnum = fk.confkey[1]
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
       AND NOT c.relispartition
     ORDER BY c.relname, a.attnum`);
  const tables = new Map<string, Table>();
  for (const { table, ...column } of rows) {
    const entry = tables.get(table) ?? { name: table, columns: [] };
    // Two single-column foreign keys on one column: the first is enough to resolve.
    if (!entry.columns.some((existing) => existing.name === column.name))
      entry.columns.push(column);
    tables.set(table, entry);
  }
  return [...tables.values()];
}
