import { type LintRule } from './lint-rule';
import { addingCheckConstraint } from './rules/adding-check-constraint';
import { addingForeignKey } from './rules/adding-foreign-key';
import { addingNotNullColumn } from './rules/adding-not-null-column';
import { addingUniqueConstraint } from './rules/adding-unique-constraint';
import { addingVolatileDefault } from './rules/adding-volatile-default';
import { blockingIndexBuild } from './rules/blocking-index-build';
import { changingColumnType } from './rules/changing-column-type';
import { concurrentlyInTransaction } from './rules/concurrently-in-transaction';
import { droppingColumn } from './rules/dropping-column';
import { droppingIndexBlocking } from './rules/dropping-index-blocking';
import { droppingTable } from './rules/dropping-table';
import { missingLockTimeout } from './rules/missing-lock-timeout';
import { removingOrRenamingEnumValue } from './rules/removing-or-renaming-enum-value';
import { renamingColumn } from './rules/renaming-column';
import { renamingTable } from './rules/renaming-table';
import { settingNotNull } from './rules/setting-not-null';
import { transactionControlInMigration } from './rules/transaction-control-in-migration';
import { truncatingTable } from './rules/truncating-table';
import { vacuumFullOrCluster } from './rules/vacuum-full-or-cluster';

/** Every rule the linter runs, with id, severity and one-line description (the list `--help` prints). */
export const LINT_RULES: readonly LintRule[] = [
  addingNotNullColumn,
  settingNotNull,
  addingVolatileDefault,
  changingColumnType,
  addingForeignKey,
  addingCheckConstraint,
  addingUniqueConstraint,
  blockingIndexBuild,
  concurrentlyInTransaction,
  transactionControlInMigration,
  droppingTable,
  droppingColumn,
  renamingTable,
  renamingColumn,
  droppingIndexBlocking,
  removingOrRenamingEnumValue,
  truncatingTable,
  vacuumFullOrCluster,
  missingLockTimeout,
];

/**
 * Reported by the linter itself for a waiver that names an unknown rule, gives no reason, or
 * matches no finding. Not in LINT_RULES: it cannot be waived.
 */
export const INVALID_WAIVER_RULE = {
  id: 'invalid-waiver',
  severity: 'error',
  description: 'A lint waiver names an unknown rule, gives no reason, or matches no finding',
} as const satisfies Pick<LintRule, 'id' | 'severity' | 'description'>;
