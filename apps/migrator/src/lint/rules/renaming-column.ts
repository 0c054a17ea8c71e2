import { nodeAs } from '../../sql/ast';
import { type LintRule } from '../lint-rule';
import { displayName, relationName } from '../qualified-name';

export const renamingColumn: LintRule = {
  id: 'renaming-column',
  severity: 'error',
  description:
    'ALTER TABLE … RENAME COLUMN breaks the app version still running during the rollout',
  fix: 'Expand/contract: add the new column, write both and backfill, move reads, then drop the old column in a later migration (Prisma @map can keep the field name meanwhile).',
  check: (context) =>
    context.statements.flatMap((statement) => {
      const rename = nodeAs(statement.node, 'RenameStmt');
      if (rename?.renameType !== 'OBJECT_COLUMN' || rename.relationType !== 'OBJECT_TABLE')
        return [];
      if (context.isNewTable(rename.relation)) return [];
      return [
        {
          statement,
          message: `Renaming column "${rename.subname}" of ${displayName(relationName(rename.relation))} to "${rename.newname}" breaks every query of the app version still running during the rollout that names it.`,
        },
      ];
    }),
};
