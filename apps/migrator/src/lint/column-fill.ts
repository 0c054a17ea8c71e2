import type { ColumnDef, Node } from 'libpg-query';
import { findNodes, nameParts, nodeAs } from '../sql/ast';
import { columnConstraints } from './table-alterations';

const SERIAL_TYPES = new Set([
  'smallserial',
  'serial2',
  'serial',
  'serial4',
  'bigserial',
  'serial8',
]);

/** Functions a DEFAULT commonly calls that are stable or immutable, so PostgreSQL 11+ stores one value instead of rewriting. */
const NON_VOLATILE_FUNCTIONS = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_date',
  'current_time',
  'current_timestamp',
  'localtime',
  'localtimestamp',
  'timezone',
  'date_trunc',
  'make_date',
  'make_time',
  'make_timestamp',
  'make_timestamptz',
  'make_interval',
  'to_timestamp',
  'to_date',
  'to_char',
  'current_setting',
  'current_database',
  'current_schema',
  'current_user',
  'session_user',
  'lower',
  'upper',
  'btrim',
  'concat',
  'concat_ws',
  'json_build_object',
  'jsonb_build_object',
  'json_build_array',
  'jsonb_build_array',
  'to_json',
  'to_jsonb',
  'array_fill',
  'uuid_nil',
]);

/** The column's DEFAULT expression, if any (`DEFAULT NULL` counts as none). */
export function defaultOf(column: ColumnDef): Node | undefined {
  const expression = column.raw_default ?? columnConstraints(column, 'CONSTR_DEFAULT')[0]?.raw_expr;
  return nodeAs(expression, 'A_Const')?.isnull ? undefined : expression;
}

export function isSerial(column: ColumnDef): boolean {
  const typeName = nameParts(column.typeName?.names).at(-1) ?? '';
  return SERIAL_TYPES.has(typeName) && (column.typeName?.arrayBounds ?? []).length === 0;
}

/** Columns PostgreSQL fills row by row when added: serial, identity and stored generated columns. */
export function computedFillOf(column: ColumnDef): 'serial' | 'identity' | 'generated' | undefined {
  if (isSerial(column)) return 'serial';
  if (columnConstraints(column, 'CONSTR_IDENTITY').length > 0) return 'identity';
  // PostgreSQL 18 computes a VIRTUAL generated column (its default kind) on read: no rewrite.
  const generated = columnConstraints(column, 'CONSTR_GENERATED')[0];
  if (generated?.generated_kind === 's') return 'generated';
  return undefined;
}

/** The functions in a DEFAULT that are not known to be stable or immutable, as written (`gen_random_uuid`). */
export function volatileCallsIn(expression: Node | undefined): string[] {
  return findNodes(expression, 'FuncCall')
    .map((call) => nameParts(call.funcname).join('.'))
    .filter((name) => !NON_VOLATILE_FUNCTIONS.has(name.split('.').at(-1) ?? name));
}
