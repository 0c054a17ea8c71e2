import { nodeAs } from '../../sql/ast';
import { type LintRule } from '../lint-rule';
import { displayName, relationName } from '../qualified-name';

export const renamingTable: LintRule = {
  id: 'renaming-table',
  severity: 'error',
  description: 'ALTER TABLE … RENAME TO breaks the app version still running during the rollout',
  fix: 'Expand/contract: create the new table (or a view under the new name), write both, move reads, then drop the old name in a later migration.',
  check: (context) =>
    context.statements.flatMap((statement) => {
      const rename = nodeAs(statement.node, 'RenameStmt');
      if (rename?.renameType !== 'OBJECT_TABLE' || context.isNewTable(rename.relation)) return [];
      return [
        {
          statement,
          message: `Renaming ${displayName(relationName(rename.relation))} to "${rename.newname}" breaks every query of the app version still running during the rollout, which uses the old name.`,
        },
      ];
    }),
};
