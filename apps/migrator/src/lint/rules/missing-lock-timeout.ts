import type { Node } from 'libpg-query';
import { findNodes, nameParts, nodeAs, nodesAs } from '../../sql/ast';
import { type ParsedStatement } from '../../sql/parse-migration-sql';
import { type LintContext } from '../lint-context';
import { type LintRule } from '../lint-rule';
import { displayName, dottedName, relationName, type QualifiedName } from '../qualified-name';

export const missingLockTimeout: LintRule = {
  id: 'missing-lock-timeout',
  severity: 'warning',
  description: 'The migration locks existing tables without SET lock_timeout first',
  fix: "Begin the file with SET LOCAL lock_timeout = '5s'; (plain SET in a no-transaction file) and retry the deploy when it times out, so a blocked lock fails fast instead of stalling all traffic.",
  check: (context) => {
    let timeoutSet = false;
    for (const statement of context.statements) {
      const setting = lockTimeoutSetting(statement.node);
      if (setting !== undefined) timeoutSet = setting;
      const locked = lockedExistingObject(statement, context);
      if (locked !== undefined && !timeoutSet) {
        return [
          {
            statement,
            message: `This statement locks ${locked} with no lock_timeout set, so if a long transaction holds a conflicting lock it waits in the queue while every query on the table queues behind it; \`pnpm migrate deploy\` sets a lock_timeout by default, but other tools (prisma migrate deploy, psql) do not.`,
            fix: context.nonTransactional
              ? "Begin the file with SET lock_timeout = '5s'; and retry the deploy when it times out, so a blocked lock fails fast instead of stalling all traffic."
              : undefined,
          },
        ];
      }
    }
    return [];
  },
};

/** true: set to a limit; false: reset or set to 0 (no limit); undefined: the statement does not touch it. */
function lockTimeoutSetting(node: Node): boolean | undefined {
  const set = nodeAs(node, 'VariableSetStmt');
  if (set?.kind === 'VAR_RESET_ALL') return false;
  if (set?.name === 'lock_timeout') return set.kind === 'VAR_SET_VALUE' && !isZero(set.args?.[0]);
  const setConfig = findNodes(node, 'FuncCall').find(
    (call) =>
      nameParts(call.funcname).at(-1) === 'set_config' &&
      nodeAs(call.args?.[0], 'A_Const')?.sval?.sval === 'lock_timeout',
  );
  return setConfig ? !isZero(setConfig.args?.[1]) : undefined;
}

function isZero(value: Node | undefined): boolean {
  const constant = nodeAs(value, 'A_Const');
  if (constant?.ival !== undefined) return (constant.ival.ival ?? 0) === 0;
  return /^\s*0+\s*[a-z]*\s*$/i.test(constant?.sval?.sval ?? '');
}

/** What the statement locks against reads or writes, if it is an object the running app already uses. */
function lockedExistingObject({ node }: ParsedStatement, context: LintContext): string | undefined {
  const existing = (table: QualifiedName) =>
    context.isNewTable(table) ? undefined : `table ${displayName(table)}`;
  const firstExisting = (tables: QualifiedName[]) =>
    tables.map(existing).find((locked) => locked !== undefined);

  const alter = nodeAs(node, 'AlterTableStmt');
  if (alter?.objtype === 'OBJECT_TABLE') {
    // VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE, which lets reads and writes through.
    const commands = nodesAs(alter.cmds, 'AlterTableCmd');
    const onlyValidates = commands.every((command) => command.subtype === 'AT_ValidateConstraint');
    return onlyValidates ? undefined : existing(relationName(alter.relation));
  }
  const rename = nodeAs(node, 'RenameStmt');
  if (rename?.renameType === 'OBJECT_TABLE' || rename?.renameType === 'OBJECT_COLUMN') {
    return existing(relationName(rename.relation));
  }
  const drop = nodeAs(node, 'DropStmt');
  const dropped = nodesAs(drop?.objects, 'List').map((list) => dottedName(nameParts(list.items)));
  if (drop?.removeType === 'OBJECT_TABLE') return firstExisting(dropped);
  if (drop?.removeType === 'OBJECT_INDEX' && !drop.concurrent) {
    const index = dropped.find((name) => !context.isNewIndex(name));
    return index && `the table of index ${displayName(index)}`;
  }
  const index = nodeAs(node, 'IndexStmt');
  if (index && !index.concurrent) return existing(relationName(index.relation));

  const truncate = nodeAs(node, 'TruncateStmt');
  if (truncate) return firstExisting(nodesAs(truncate.relations, 'RangeVar').map(relationName));

  const vacuum = nodeAs(node, 'VacuumStmt');
  if (vacuum && nodesAs(vacuum.options, 'DefElem').some((option) => option.defname === 'full')) {
    const tables = nodesAs(vacuum.rels, 'VacuumRelation').map((relation) =>
      relationName(relation.relation),
    );
    return tables.length === 0 ? 'every table' : firstExisting(tables);
  }
  const cluster = nodeAs(node, 'ClusterStmt');
  if (cluster === undefined) return undefined;
  return cluster.relation ? existing(relationName(cluster.relation)) : 'every clustered table';
}
