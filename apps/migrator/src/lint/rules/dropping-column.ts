import { type LintRule } from '../lint-rule';
import { displayName } from '../qualified-name';
import { alterationsOfExistingTables, commandsOfType } from '../table-alterations';

export const droppingColumn: LintRule = {
  id: 'dropping-column',
  severity: 'error',
  description:
    'DROP COLUMN breaks the app version still running during the rollout and destroys the data',
  fix: 'Expand/contract: release code that no longer reads or writes the column first (with Prisma, remove it from the schema only after that release), then drop it in a later migration.',
  check: (context) =>
    alterationsOfExistingTables(context).flatMap(({ statement, table, commands }) => {
      const dropped = commandsOfType(commands, 'AT_DropColumn').map(
        (command) => `"${command.name}"`,
      );
      if (dropped.length === 0) return [];
      return [
        {
          statement,
          message: `Dropping ${dropped.join(', ')} from ${displayName(table)} breaks the app version still running during the rollout, whose queries name the column, and its data is gone for good.`,
        },
      ];
    }),
};
