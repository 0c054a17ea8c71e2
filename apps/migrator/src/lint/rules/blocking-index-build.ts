import { nodeAs } from '../../sql/ast';
import { type LintRule } from '../lint-rule';
import { displayName, relationName } from '../qualified-name';

export const blockingIndexBuild: LintRule = {
  id: 'blocking-index-build',
  severity: 'error',
  description:
    'CREATE INDEX without CONCURRENTLY on an existing table blocks its writes for the whole build',
  fix: 'Use CREATE INDEX CONCURRENTLY, alone in a migration whose header has `-- migrate:no-transaction`.',
  check: (context) =>
    context.statements.flatMap((statement) => {
      const index = nodeAs(statement.node, 'IndexStmt');
      if (!index || index.concurrent || context.isNewTable(index.relation)) return [];
      const name = index.idxname ? `Index "${index.idxname}"` : 'An index';
      return [
        {
          statement,
          message: `${name} is built on ${displayName(relationName(index.relation))} without CONCURRENTLY, which holds a SHARE lock blocking every insert, update and delete for the whole build.`,
        },
      ];
    }),
};
