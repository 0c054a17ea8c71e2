import { nodeAs } from '../../sql/ast';
import { type ParsedStatement } from '../../sql/parse-migration-sql';
import { NO_TRANSACTION_DIRECTIVE } from '../../sql/no-transaction-directive';
import { type LintRule } from '../lint-rule';
import { statementsInTransaction } from '../transaction-scope';

export const concurrentlyInTransaction: LintRule = {
  id: 'concurrently-in-transaction',
  severity: 'error',
  description: `CREATE/DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY fail inside a transaction (mark the file ${NO_TRANSACTION_DIRECTIVE})`,
  fix: `Put the statement in a migration whose header (before the first statement) has the line \`${NO_TRANSACTION_DIRECTIVE}\`, and no BEGIN/COMMIT around it.`,
  check: (context) => {
    const inTransaction = statementsInTransaction(context);
    return context.statements.flatMap((statement) => {
      const operation = concurrentOperation(statement);
      if (operation === undefined || !inTransaction.has(statement)) return [];
      const where = context.nonTransactional
        ? "inside this file's own BEGIN … COMMIT"
        : 'in this migration, which runs in a transaction';
      return [
        {
          statement,
          message: `${operation} cannot run inside a transaction block and it would run ${where}, so PostgreSQL refuses it and the migration fails.`,
        },
      ];
    });
  },
};

function concurrentOperation({ node }: ParsedStatement): string | undefined {
  if (nodeAs(node, 'IndexStmt')?.concurrent) return 'CREATE INDEX CONCURRENTLY';
  const drop = nodeAs(node, 'DropStmt');
  if (drop?.concurrent && drop.removeType === 'OBJECT_INDEX') return 'DROP INDEX CONCURRENTLY';
  const reindex = nodeAs(node, 'ReindexStmt');
  const concurrently = reindex?.params?.some(
    (param) => nodeAs(param, 'DefElem')?.defname === 'concurrently',
  );
  return concurrently ? 'REINDEX CONCURRENTLY' : undefined;
}
