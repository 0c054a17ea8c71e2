import { nodeAs } from '../../sql/ast';
import { NO_TRANSACTION_DIRECTIVE } from '../../sql/no-transaction-directive';
import { type ParsedStatement } from '../../sql/parse-migration-sql';
import { type LintRule } from '../lint-rule';

const OPENERS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);

export const transactionControlInMigration: LintRule = {
  id: 'transaction-control-in-migration',
  severity: 'error',
  description: 'BEGIN/COMMIT/ROLLBACK in a migration that already runs in a transaction',
  fix: `Remove it: the migrator runs the whole file in one transaction. To manage transactions yourself, put \`${NO_TRANSACTION_DIRECTIVE}\` in the file's header.`,
  check: (context) =>
    context.nonTransactional
      ? []
      : context.statements
          .filter((statement) => statement.isTransactionControl)
          .map((statement) => ({ statement, message: messageFor(statement) })),
};

function messageFor(statement: ParsedStatement): string {
  const keyword = statement.text.split(/\s+/)[0]?.toUpperCase();
  return OPENERS.has(nodeAs(statement.node, 'TransactionStmt')?.kind ?? '')
    ? `${keyword} inside a migration that already runs in a transaction is ignored, and the COMMIT that pairs with it ends the migrator's transaction early, so a later failure leaves the migration half applied.`
    : `${keyword} ends the transaction the migrator runs this migration in, so the statements after it run outside it and a failure leaves the migration half applied.`;
}
