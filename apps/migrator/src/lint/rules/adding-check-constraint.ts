import { type LintRule } from '../lint-rule';
import { displayName } from '../qualified-name';
import {
  groupByStatement,
  namedList,
  scanningConstraints,
  type ScanCause,
} from '../scanning-constraints';

const SUBJECT: Record<ScanCause, (names: string[], table: string) => string> = {
  'validated-on-add': (names, table) =>
    `Adding ${namedList('CHECK constraint', names)} to ${table} without NOT VALID validates every existing row at once`,
  'added-with-column': (names, table) =>
    `Adding ${namedList('column', names)} to ${table} with a CHECK validates every existing row at once`,
  'validated-in-same-transaction': (names, table) =>
    `Validating ${namedList('CHECK constraint', names)} of ${table} in the same transaction as the ADD … NOT VALID keeps the lock of the ADD held during the scan`,
};

export const addingCheckConstraint: LintRule = {
  id: 'adding-check-constraint',
  severity: 'error',
  description: 'ADD CONSTRAINT … CHECK without NOT VALID scans the table under ACCESS EXCLUSIVE',
  fix: 'Add the check with NOT VALID (a brief lock, new rows are checked), then VALIDATE CONSTRAINT in a later migration, which lets reads and writes continue.',
  check: (context) =>
    groupByStatement(scanningConstraints(context, 'CONSTR_CHECK')).map(
      ({ statement, table, cause, names }) => ({
        statement,
        message: `${SUBJECT[cause](names, displayName(table))}: the full scan runs under ACCESS EXCLUSIVE, blocking all reads and writes of the table.`,
      }),
    ),
};
