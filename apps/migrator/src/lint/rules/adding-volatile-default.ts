import { computedFillOf, defaultOf, volatileCallsIn } from '../column-fill';
import { type LintRule } from '../lint-rule';
import { displayName } from '../qualified-name';
import { addedColumns, alterationsOfExistingTables } from '../table-alterations';

const COMPUTED_FILL_REASONS = {
  serial: 'is serial, so every existing row draws from a sequence',
  identity: 'is an identity column, so every existing row draws from a sequence',
  generated: 'is a stored generated column, so its value is computed for every existing row',
} as const;

export const addingVolatileDefault: LintRule = {
  id: 'adding-volatile-default',
  severity: 'error',
  description:
    'ADD COLUMN with a volatile DEFAULT (gen_random_uuid(), random(), clock_timestamp(), serial, identity) rewrites the table',
  fix: 'Add the column without a default (or with a constant or now()), then SET DEFAULT for new rows and backfill existing rows in batches.',
  check: (context) =>
    alterationsOfExistingTables(context).flatMap(({ statement, table, commands }) =>
      addedColumns(commands).flatMap((column) => {
        const computed = computedFillOf(column);
        const volatileCalls = volatileCallsIn(defaultOf(column));
        const reason = computed
          ? COMPUTED_FILL_REASONS[computed]
          : volatileCalls.length > 0
            ? `defaults to ${volatileCalls.map((name) => `${name}()`).join(', ')}, which is volatile (or not known to be stable), so a value is computed for every existing row`
            : undefined;
        if (reason === undefined) return [];
        return [
          {
            statement,
            message: `Column "${column.colname}" added to ${displayName(table)} ${reason}: PostgreSQL rewrites the whole table under ACCESS EXCLUSIVE, blocking reads and writes meanwhile.`,
          },
        ];
      }),
    ),
};
