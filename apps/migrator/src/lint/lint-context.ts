import type { RangeVar } from 'libpg-query';
import { nameParts, nodeAs } from '../sql/ast';
import { type ParsedMigration, type ParsedStatement } from '../sql/parse-migration-sql';
import { dottedName, relationName, sameName, type QualifiedName } from './qualified-name';

/** What every rule sees: the statements, and which objects this same migration creates. */
export interface LintContext {
  statements: readonly ParsedStatement[];
  nonTransactional: boolean;
  /** Created by this migration, so empty and unseen by the running app: the rules about existing tables skip it. */
  isNewTable(table: RangeVar | QualifiedName | undefined): boolean;
  isNewIndex(index: QualifiedName): boolean;
  isNewType(type: QualifiedName): boolean;
}

export function createLintContext(migration: ParsedMigration): LintContext {
  const tables: QualifiedName[] = [];
  const indexes: QualifiedName[] = [];
  const types: QualifiedName[] = [];
  for (const { node } of migration.statements) {
    const createdTable =
      nodeAs(node, 'CreateStmt')?.relation ??
      nodeAs(node, 'CreateTableAsStmt')?.into?.rel ??
      nodeAs(node, 'SelectStmt')?.intoClause?.rel;
    if (createdTable) tables.push(relationName(createdTable));

    const index = nodeAs(node, 'IndexStmt');
    if (index?.idxname) indexes.push({ schema: index.relation?.schemaname, name: index.idxname });

    const enumType = nodeAs(node, 'CreateEnumStmt');
    if (enumType) types.push(dottedName(nameParts(enumType.typeName)));
  }

  const isIn = (created: QualifiedName[]) => (name: QualifiedName) =>
    created.some((each) => sameName(each, name));
  return {
    statements: migration.statements,
    nonTransactional: migration.nonTransactional,
    isNewTable: (table) => {
      if (table === undefined) return false;
      return isIn(tables)('name' in table ? table : relationName(table));
    },
    isNewIndex: isIn(indexes),
    isNewType: isIn(types),
  };
}
