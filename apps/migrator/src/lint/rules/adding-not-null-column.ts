import type { ColumnDef } from 'libpg-query';
import { computedFillOf, defaultOf } from '../column-fill';
import { type LintRule } from '../lint-rule';
import { displayName } from '../qualified-name';
import { addedColumns, alterationsOfExistingTables, columnConstraints } from '../table-alterations';

export const addingNotNullColumn: LintRule = {
  id: 'adding-not-null-column',
  severity: 'error',
  description: 'ADD COLUMN … NOT NULL without a DEFAULT fails on a table that has rows',
  fix: 'Add the column with a constant DEFAULT (no rewrite on PostgreSQL 11+), or add it nullable, backfill it, then enforce NOT NULL with CHECK (column IS NOT NULL) NOT VALID and VALIDATE CONSTRAINT.',
  check: (context) =>
    alterationsOfExistingTables(context).flatMap(({ statement, table, commands }) =>
      addedColumns(commands)
        .filter((column) => isNotNull(column) && !hasValueForExistingRows(column))
        .map((column) => ({
          statement,
          message: `Column "${column.colname}" is added to ${displayName(table)} as NOT NULL without a DEFAULT, so the statement fails as soon as the table has a row, and the running app does not write it.`,
        })),
    ),
};

function isNotNull(column: ColumnDef): boolean {
  return (
    column.is_not_null === true ||
    columnConstraints(column, 'CONSTR_NOTNULL', 'CONSTR_PRIMARY').length > 0
  );
}

function hasValueForExistingRows(column: ColumnDef): boolean {
  return (
    defaultOf(column) !== undefined ||
    computedFillOf(column) !== undefined ||
    columnConstraints(column, 'CONSTR_GENERATED').length > 0
  );
}
