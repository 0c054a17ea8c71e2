import type { ColumnDef } from 'libpg-query';
import { nameParts, nodeAs } from '../../sql/ast';
import { type LintRule } from '../lint-rule';
import { displayName } from '../qualified-name';
import { alterationsOfExistingTables, commandsOfType } from '../table-alterations';

const WIDENING_TARGETS = new Set(['varchar', 'text']);

export const changingColumnType: LintRule = {
  id: 'changing-column-type',
  severity: 'error',
  description:
    'ALTER COLUMN … TYPE rewrites the table and its indexes under ACCESS EXCLUSIVE (widening varchar to varchar(m)/text excepted)',
  fix: 'Add a column of the new type, write both from the app, backfill in batches, switch reads, then drop the old column in a later migration.',
  check: (context) =>
    alterationsOfExistingTables(context).flatMap(({ statement, table, commands }) => {
      const rewritten = commandsOfType(commands, 'AT_AlterColumnType').filter(
        (command) => !looksLikeVarcharWidening(nodeAs(command.def, 'ColumnDef')),
      );
      if (rewritten.length === 0) return [];
      const columns = rewritten.map((command) => `"${command.name}"`).join(', ');
      return [
        {
          statement,
          message: `Changing the type of ${columns} on ${displayName(table)} rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE, and code still reading the old type breaks.`,
        },
      ];
    }),
};

/**
 * The file does not say what the column's type was, so a change to `text`, `varchar` or
 * `varchar(m)` without USING is taken as widening a varchar, which PostgreSQL does in place.
 */
function looksLikeVarcharWidening(target: ColumnDef | undefined): boolean {
  const typeName = target?.typeName;
  return (
    target?.raw_default === undefined &&
    WIDENING_TARGETS.has(nameParts(typeName?.names).at(-1) ?? '') &&
    (typeName?.arrayBounds ?? []).length === 0
  );
}
