import { type LintRule, type RuleViolation } from '../lint-rule';
import { displayName } from '../qualified-name';
import {
  addedColumns,
  addedTableConstraints,
  alterationsOfExistingTables,
  columnConstraints,
} from '../table-alterations';

export const addingUniqueConstraint: LintRule = {
  id: 'adding-unique-constraint',
  severity: 'error',
  description:
    'ADD CONSTRAINT … UNIQUE / PRIMARY KEY without USING INDEX builds the index under ACCESS EXCLUSIVE',
  fix: 'Build the index first with CREATE UNIQUE INDEX CONCURRENTLY in a `-- migrate:no-transaction` migration, then ADD CONSTRAINT … UNIQUE (or PRIMARY KEY) USING INDEX.',
  check: (context) =>
    alterationsOfExistingTables(context).flatMap(
      ({ statement, table, commands }): RuleViolation[] => {
        const constraints = addedTableConstraints(commands)
          .filter(
            (constraint) => isUniqueKind(constraint.contype) && constraint.indexname === undefined,
          )
          .map(
            (constraint) =>
              `${kindName(constraint.contype)}${constraint.conname ? ` "${constraint.conname}"` : ''}`,
          );
        const columns = addedColumns(commands).flatMap((column) =>
          columnConstraints(column, 'CONSTR_UNIQUE', 'CONSTR_PRIMARY').map(
            (constraint) => `${kindName(constraint.contype)} on new column "${column.colname}"`,
          ),
        );
        const built = [...constraints, ...columns];
        if (built.length === 0) return [];
        return [
          {
            statement,
            message: `Adding ${built.join(', ')} to ${displayName(table)} builds a unique index while holding ACCESS EXCLUSIVE, blocking all reads and writes of the table for the whole build.`,
          },
        ];
      },
    ),
};

function isUniqueKind(contype: string | undefined): boolean {
  return contype === 'CONSTR_UNIQUE' || contype === 'CONSTR_PRIMARY';
}

function kindName(contype: string | undefined): string {
  return contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
}
