import { nameParts, nodeAs, nodesAs } from '../../sql/ast';
import { type LintRule } from '../lint-rule';
import { displayName, dottedName } from '../qualified-name';

export const droppingIndexBlocking: LintRule = {
  id: 'dropping-index-blocking',
  severity: 'error',
  description: 'DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table of the index',
  fix: 'Use DROP INDEX CONCURRENTLY, alone in a migration whose header has `-- migrate:no-transaction`.',
  check: (context) =>
    context.statements.flatMap((statement) => {
      const drop = nodeAs(statement.node, 'DropStmt');
      if (drop?.removeType !== 'OBJECT_INDEX' || drop.concurrent) return [];
      const existing = nodesAs(drop.objects, 'List')
        .map((list) => dottedName(nameParts(list.items)))
        .filter((index) => !context.isNewIndex(index));
      if (existing.length === 0) return [];
      return [
        {
          statement,
          message: `DROP INDEX of ${existing.map(displayName).join(', ')} without CONCURRENTLY takes ACCESS EXCLUSIVE on the table, blocking all its reads and writes, and waits behind every running query on it.`,
        },
      ];
    }),
};
