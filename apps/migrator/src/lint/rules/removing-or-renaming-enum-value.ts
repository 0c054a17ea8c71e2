import { nameParts, nodeAs } from '../../sql/ast';
import { type LintRule } from '../lint-rule';
import { displayName, dottedName } from '../qualified-name';

export const removingOrRenamingEnumValue: LintRule = {
  id: 'removing-or-renaming-enum-value',
  severity: 'error',
  description: 'ALTER TYPE … RENAME VALUE breaks the app version still running during the rollout',
  fix: 'Expand/contract: ADD VALUE the new label, release code that writes it and reads both, migrate the rows, and retire the old label only after that.',
  check: (context) =>
    context.statements.flatMap((statement) => {
      const alter = nodeAs(statement.node, 'AlterEnumStmt');
      if (alter?.oldVal === undefined) return [];
      const type = dottedName(nameParts(alter.typeName));
      if (context.isNewType(type)) return [];
      return [
        {
          statement,
          message: `Renaming value '${alter.oldVal}' of enum ${displayName(type)} to '${alter.newVal}' makes the app version still running during the rollout fail on every row and parameter that uses the old label.`,
        },
      ];
    }),
};
