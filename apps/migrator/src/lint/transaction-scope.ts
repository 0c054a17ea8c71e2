import { nodeAs } from '../sql/ast';
import { type ParsedStatement } from '../sql/parse-migration-sql';
import { type LintContext } from './lint-context';

const OPENERS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);

/**
 * The statements that run inside a transaction block: all of them in a transactional migration;
 * in a `-- migrate:no-transaction` one, those between its own BEGIN and COMMIT/ROLLBACK.
 */
export function statementsInTransaction(context: LintContext): Set<ParsedStatement> {
  if (!context.nonTransactional) return new Set(context.statements);
  const inside = new Set<ParsedStatement>();
  let open = false;
  for (const statement of context.statements) {
    if (statement.isTransactionControl) {
      open = OPENERS.has(nodeAs(statement.node, 'TransactionStmt')?.kind ?? '');
    } else if (open) {
      inside.add(statement);
    }
  }
  return inside;
}
