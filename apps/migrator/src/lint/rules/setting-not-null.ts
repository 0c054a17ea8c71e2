import type { Node } from 'libpg-query';
import { findNodes, nameParts, nodeAs } from '../../sql/ast';
import { type LintRule, type RuleViolation } from '../lint-rule';
import { displayName, sameName, type QualifiedName } from '../qualified-name';
import { alterationsOfExistingTables } from '../table-alterations';

export const settingNotNull: LintRule = {
  id: 'setting-not-null',
  severity: 'error',
  description: 'ALTER COLUMN … SET NOT NULL scans the whole table under ACCESS EXCLUSIVE',
  fix: 'Add CHECK (column IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later migration, then SET NOT NULL (PostgreSQL 12+ trusts the validated check and skips the scan) and drop the check.',
  check: (context) => {
    // A validated CHECK (column IS NOT NULL) earlier in the file is the safe pattern's proof; a
    // VALIDATE CONSTRAINT names a constraint this file cannot see, so it is trusted to be that check.
    const proofs: { table: QualifiedName; column: string | undefined }[] = [];
    const hasProof = (table: QualifiedName, column: string) =>
      proofs.some((proof) => sameName(proof.table, table) && (proof.column ?? column) === column);
    const violations: RuleViolation[] = [];

    for (const { statement, table, commands } of alterationsOfExistingTables(context)) {
      for (const command of commands) {
        if (command.subtype === 'AT_ValidateConstraint') proofs.push({ table, column: undefined });
        if (command.subtype === 'AT_AddConstraint') {
          for (const column of notNullCheckedColumns(command.def)) proofs.push({ table, column });
        }
        if (command.subtype === 'AT_SetNotNull' && command.name && !hasProof(table, command.name)) {
          violations.push({
            statement,
            message: `SET NOT NULL on "${command.name}" of ${displayName(table)} scans every row while holding ACCESS EXCLUSIVE, blocking all reads and writes of the table meanwhile.`,
          });
        }
      }
    }
    return violations;
  },
};

/** The columns a validated `CHECK (column IS NOT NULL)` proves non-null. */
function notNullCheckedColumns(definition: Node | undefined): string[] {
  const constraint = nodeAs(definition, 'Constraint');
  if (constraint?.contype !== 'CONSTR_CHECK' || constraint.skip_validation) return [];
  return findNodes(constraint.raw_expr, 'NullTest')
    .filter((test) => test.nulltesttype === 'IS_NOT_NULL')
    .flatMap((test) => {
      const column = nameParts(nodeAs(test.arg, 'ColumnRef')?.fields).at(-1);
      return column === undefined ? [] : [column];
    });
}
