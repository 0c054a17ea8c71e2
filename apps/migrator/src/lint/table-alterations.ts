import type { AlterTableCmd, AlterTableType, ColumnDef, Constraint, ConstrType } from 'libpg-query';
import { nodeAs, nodesAs } from '../sql/ast';
import { type ParsedStatement } from '../sql/parse-migration-sql';
import { type LintContext } from './lint-context';
import { relationName, type QualifiedName } from './qualified-name';

export interface TableAlteration {
  statement: ParsedStatement;
  table: QualifiedName;
  commands: AlterTableCmd[];
}

/** The ALTER TABLE statements of the migration, in order, on tables it did not create itself. */
export function alterationsOfExistingTables(context: LintContext): TableAlteration[] {
  return context.statements.flatMap((statement): TableAlteration[] => {
    const alter = nodeAs(statement.node, 'AlterTableStmt');
    if (alter?.objtype !== 'OBJECT_TABLE' || context.isNewTable(alter.relation)) return [];
    return [
      {
        statement,
        table: relationName(alter.relation),
        commands: nodesAs(alter.cmds, 'AlterTableCmd'),
      },
    ];
  });
}

export function commandsOfType(
  commands: AlterTableCmd[],
  subtype: AlterTableType,
): AlterTableCmd[] {
  return commands.filter((command) => command.subtype === subtype);
}

export function addedColumns(commands: AlterTableCmd[]): ColumnDef[] {
  return commandsOfType(commands, 'AT_AddColumn').flatMap((command) => {
    const column = nodeAs(command.def, 'ColumnDef');
    return column ? [column] : [];
  });
}

/** `ADD CONSTRAINT …` table constraints (not those written inside an added column's definition). */
export function addedTableConstraints(commands: AlterTableCmd[]): Constraint[] {
  return commandsOfType(commands, 'AT_AddConstraint').flatMap((command) => {
    const constraint = nodeAs(command.def, 'Constraint');
    return constraint ? [constraint] : [];
  });
}

export function columnConstraints(column: ColumnDef, ...types: ConstrType[]): Constraint[] {
  return nodesAs(column.constraints, 'Constraint').filter(
    (constraint) => constraint.contype !== undefined && types.includes(constraint.contype),
  );
}
