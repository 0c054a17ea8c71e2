import { nameParts, nodeAs, nodesAs } from '../../sql/ast';
import { type LintRule } from '../lint-rule';
import { displayName, dottedName } from '../qualified-name';

export const droppingTable: LintRule = {
  id: 'dropping-table',
  severity: 'error',
  description:
    'DROP TABLE breaks the app version still running during the rollout and destroys the data',
  fix: 'Expand/contract: release code that no longer uses the table first, then drop it in a later migration (after a backup, if the data matters).',
  check: (context) =>
    context.statements.flatMap((statement) => {
      const drop = nodeAs(statement.node, 'DropStmt');
      if (drop?.removeType !== 'OBJECT_TABLE') return [];
      const existing = nodesAs(drop.objects, 'List')
        .map((list) => dottedName(nameParts(list.items)))
        .filter((table) => !context.isNewTable(table));
      if (existing.length === 0) return [];
      return [
        {
          statement,
          message: `Dropping ${existing.map(displayName).join(', ')} breaks the app version still running during the rollout, which reads and writes it, and its data is gone for good.`,
        },
      ];
    }),
};
