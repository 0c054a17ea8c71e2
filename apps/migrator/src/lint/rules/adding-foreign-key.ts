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
    `Adding ${namedList('foreign key', names)} to ${table} without NOT VALID validates every existing row at once`,
  'added-with-column': (names, table) =>
    `Adding ${namedList('column', names)} to ${table} with REFERENCES validates every existing row at once`,
  'validated-in-same-transaction': (names, table) =>
    `Validating ${namedList('foreign key', names)} of ${table} in the same transaction as the ADD … NOT VALID keeps the lock of the ADD held during the scan`,
};

export const addingForeignKey: LintRule = {
  id: 'adding-foreign-key',
  severity: 'error',
  description:
    'ADD CONSTRAINT … FOREIGN KEY without NOT VALID scans the table while blocking writes to both tables',
  fix: 'Add the foreign key with NOT VALID (a brief lock, new rows are checked), then VALIDATE CONSTRAINT in a later migration, which lets reads and writes continue.',
  check: (context) =>
    groupByStatement(scanningConstraints(context, 'CONSTR_FOREIGN')).map(
      ({ statement, table, cause, names }) => ({
        statement,
        message: `${SUBJECT[cause](names, displayName(table))}: the full scan runs while writes to the table and to the referenced table are blocked.`,
      }),
    ),
};
