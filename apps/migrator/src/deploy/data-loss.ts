import type pg from 'pg';
import { findNodes, nameParts, nodeAs } from '../sql/ast';
import { createLintContext } from '../lint/lint-context';
import { parseMigrationSql } from '../sql/parse-migration-sql';

export interface DroppedObject {
  kind: 'table' | 'column';
  name: string;
  /** Rows in the table when it is dropped (null when it does not exist or cannot be counted). */
  rows: number | null;
}

/** Tables and columns a script drops, with how many rows they hold now: what rollback would lose. */
export async function findDroppedData(client: pg.Client, sql: string): Promise<DroppedObject[]> {
  const parsed = await parseMigrationSql(sql);
  const context = createLintContext(parsed);
  // A table the script created, or renamed an existing one to, holds no data of its own when dropped.
  const movedAside = new Set(
    parsed.statements.flatMap((statement) => {
      const rename = nodeAs(statement.node, 'RenameStmt');
      return rename?.renameType === 'OBJECT_TABLE' && rename.newname ? [rename.newname] : [];
    }),
  );
  const holdsData = (table: string) =>
    !movedAside.has(table) && !context.isNewTable({ schema: undefined, name: table });
  const dropped: { kind: 'table' | 'column'; table: string; name: string }[] = [];
  for (const statement of parsed.statements) {
    const drop = nodeAs(statement.node, 'DropStmt');
    if (drop?.removeType === 'OBJECT_TABLE') {
      for (const object of drop.objects ?? []) {
        const parts = nameParts(nodeAs(object, 'List')?.items);
        const table = parts.at(-1);
        if (table && holdsData(table)) dropped.push({ kind: 'table', table, name: table });
      }
    }
    const alter = nodeAs(statement.node, 'AlterTableStmt');
    if (alter?.relation?.relname) {
      for (const command of findNodes(alter, 'AlterTableCmd')) {
        if (command.subtype === 'AT_DropColumn' && command.name) {
          dropped.push({
            kind: 'column',
            table: alter.relation.relname,
            name: `${alter.relation.relname}.${command.name}`,
          });
        }
      }
    }
  }
  const counted: DroppedObject[] = [];
  for (const { kind, table, name } of dropped) {
    counted.push({ kind, name, rows: await countRows(client, table) });
  }
  return counted;
}

async function countRows(client: pg.Client, table: string): Promise<number | null> {
  const exists = await client.query<{ found: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AS found',
    [client.escapeIdentifier(table)],
  );
  if (!exists.rows[0]?.found) return null;
  const result = await client.query<{ count: string }>(
    `SELECT count(*) AS count FROM ${client.escapeIdentifier(table)}`,
  );
  return Number(result.rows[0]?.count ?? 0);
}

export function describeDroppedData(dropped: DroppedObject[]): string[] {
  return dropped.map(
    (object) =>
      `${object.kind} ${object.name}${object.rows === null ? '' : ` (${object.rows} row${object.rows === 1 ? '' : 's'})`}`,
  );
}
