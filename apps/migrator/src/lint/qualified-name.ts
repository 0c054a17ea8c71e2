import type { RangeVar } from 'libpg-query';

export interface QualifiedName {
  schema: string | undefined;
  name: string;
}

export function relationName(relation: RangeVar | undefined): QualifiedName {
  return { schema: relation?.schemaname, name: relation?.relname ?? '' };
}

/** From `[name]` or `[schema, name]` (a dotted name as the parser lists it). */
export function dottedName(parts: string[]): QualifiedName {
  return parts.length > 1
    ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] ?? '' }
    : { schema: undefined, name: parts[0] ?? '' };
}

/** Same object, treating a name without a schema as matching any schema (the file cannot see search_path). */
export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return (
    a.name === b.name && (a.schema === undefined || b.schema === undefined || a.schema === b.schema)
  );
}

export function displayName({ schema, name }: QualifiedName): string {
  return schema === undefined ? `"${name}"` : `"${schema}.${name}"`;
}
