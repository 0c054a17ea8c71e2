import { nodeAs } from '../sql/ast';
import { type ParsedStatement } from '../sql/parse-migration-sql';
import { type LintContext } from './lint-context';
import { sameName, type QualifiedName } from './qualified-name';
import { addedColumns, alterationsOfExistingTables, columnConstraints } from './table-alterations';

export type ScanningConstraintKind = 'CONSTR_FOREIGN' | 'CONSTR_CHECK';

/** How a constraint came to be checked against every existing row while the ALTER's lock is held. */
export type ScanCause = 'validated-on-add' | 'added-with-column' | 'validated-in-same-transaction';

export interface ScanningConstraint {
  statement: ParsedStatement;
  table: QualifiedName;
  /** The constraint's name, or for a constraint written inside ADD COLUMN, the column's. */
  name: string;
  cause: ScanCause;
}

/** Constraints of `kind` that make PostgreSQL scan an existing table under a lock that blocks writes. */
export function scanningConstraints(
  context: LintContext,
  kind: ScanningConstraintKind,
): ScanningConstraint[] {
  const addedNotValid: { table: QualifiedName; name: string }[] = [];
  const found: ScanningConstraint[] = [];

  for (const { statement, table, commands } of alterationsOfExistingTables(context)) {
    for (const command of commands) {
      const constraint = nodeAs(command.def, 'Constraint');
      if (command.subtype === 'AT_AddConstraint' && constraint?.contype === kind) {
        const name = constraint.conname ?? '(unnamed)';
        if (constraint.skip_validation) addedNotValid.push({ table, name });
        else found.push({ statement, table, name, cause: 'validated-on-add' });
      }
      if (command.subtype === 'AT_AddColumn') {
        for (const column of addedColumns([command])) {
          if (columnConstraints(column, kind).length > 0) {
            found.push({
              statement,
              table,
              name: column.colname ?? '',
              cause: 'added-with-column',
            });
          }
        }
      }
      // In one transaction the lock taken by ADD … NOT VALID is still held while VALIDATE scans.
      const validated = command.subtype === 'AT_ValidateConstraint' ? command.name : undefined;
      if (
        validated !== undefined &&
        !context.nonTransactional &&
        addedNotValid.some((added) => added.name === validated && sameName(added.table, table))
      ) {
        found.push({ statement, table, name: validated, cause: 'validated-in-same-transaction' });
      }
    }
  }
  return found;
}

export interface ScanningConstraintGroup {
  statement: ParsedStatement;
  table: QualifiedName;
  cause: ScanCause;
  names: string[];
}

/** One entry per statement and cause, so a multi-constraint ALTER TABLE gives one finding. */
export function groupByStatement(constraints: ScanningConstraint[]): ScanningConstraintGroup[] {
  const groups: ScanningConstraintGroup[] = [];
  for (const { statement, table, cause, name } of constraints) {
    const group = groups.find((each) => each.statement === statement && each.cause === cause);
    if (group) group.names.push(name);
    else groups.push({ statement, table, cause, names: [name] });
  }
  return groups;
}

/** `foreign key "a"` or `foreign keys "a", "b"`. */
export function namedList(noun: string, names: string[]): string {
  return `${noun}${names.length > 1 ? 's' : ''} ${names.map((name) => `"${name}"`).join(', ')}`;
}
