import { nodeAs, nodesAs } from '../../sql/ast';
import { type LintRule } from '../lint-rule';
import { displayName, relationName } from '../qualified-name';

export const truncatingTable: LintRule = {
  id: 'truncating-table',
  severity: 'error',
  description:
    'TRUNCATE takes ACCESS EXCLUSIVE and empties the table (and with CASCADE, every table referencing it)',
  fix: 'Delete the rows you mean to delete in batches (DELETE … WHERE … LIMIT via a key range), outside the deploy if the table is large.',
  check: (context) =>
    context.statements.flatMap((statement) => {
      const truncate = nodeAs(statement.node, 'TruncateStmt');
      if (!truncate) return [];
      const existing = nodesAs(truncate.relations, 'RangeVar').filter(
        (table) => !context.isNewTable(table),
      );
      if (existing.length === 0) return [];
      const cascade = truncate.behavior === 'DROP_CASCADE' ? ' and every table referencing it' : '';
      return [
        {
          statement,
          message: `TRUNCATE of ${existing.map((table) => displayName(relationName(table))).join(', ')} takes ACCESS EXCLUSIVE, blocking all reads and writes, and irrevocably empties it${cascade}.`,
        },
      ];
    }),
};
