import { nodeAs, nodesAs } from '../../sql/ast';
import { type ParsedStatement } from '../../sql/parse-migration-sql';
import { type LintContext } from '../lint-context';
import { type LintRule } from '../lint-rule';
import { displayName, relationName } from '../qualified-name';

export const vacuumFullOrCluster: LintRule = {
  id: 'vacuum-full-or-cluster',
  severity: 'error',
  description: 'VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE',
  fix: 'Reclaim space or reorder rows online with pg_repack (or pg_squeeze), run by an operator outside the deploy.',
  check: (context) =>
    context.statements.flatMap((statement) => {
      const rewrite = rewriteOf(statement, context);
      if (rewrite === undefined) return [];
      return [
        {
          statement,
          message: `${rewrite.command} rewrites ${rewrite.target} while holding ACCESS EXCLUSIVE, blocking all reads and writes until the copy is done.`,
        },
      ];
    }),
};

function rewriteOf(
  { node }: ParsedStatement,
  context: LintContext,
): { command: string; target: string } | undefined {
  const vacuum = nodeAs(node, 'VacuumStmt');
  const full = nodesAs(vacuum?.options, 'DefElem').some((option) => option.defname === 'full');
  if (vacuum?.is_vacuumcmd && full) {
    const tables = nodesAs(vacuum.rels, 'VacuumRelation').map((relation) => relation.relation);
    const existing = tables.filter((table) => !context.isNewTable(table));
    if (tables.length === 0)
      return { command: 'VACUUM FULL', target: 'every table of the database' };
    if (existing.length === 0) return undefined;
    return {
      command: 'VACUUM FULL',
      target: existing.map((table) => displayName(relationName(table))).join(', '),
    };
  }
  const cluster = nodeAs(node, 'ClusterStmt');
  if (cluster === undefined) return undefined;
  if (cluster.relation === undefined)
    return { command: 'CLUSTER', target: 'every previously clustered table' };
  if (context.isNewTable(cluster.relation)) return undefined;
  return { command: 'CLUSTER', target: displayName(relationName(cluster.relation)) };
}
