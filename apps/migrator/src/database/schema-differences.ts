/** A difference between two schema snapshots (`snapshotSchema` lines), by object. */
export interface SchemaDifferences {
  /** Objects the expected schema has and the live one lacks. */
  missing: string[];
  /** Objects the live schema has and the expected one lacks. */
  extra: string[];
  /** Objects both have, defined differently (a column's type, an index's columns, …). */
  changed: { object: string; expected: string; live: string }[];
}

/**
 * The object a snapshot line describes: `column t.c`, `constraint t.name`, `index name`,
 * `enum name`, `storage table` (its fillfactor), `function f(args)`, `trigger name`, or the whole
 * line for the rest.
 */
export function schemaObjectOf(line: string): string {
  const [kind = '', name = ''] = line.split(' ', 2);
  switch (kind) {
    case 'column':
    case 'constraint':
    case 'enum':
    case 'storage':
      return `${kind} ${name}`;
    case 'index':
      return `index ${/^index CREATE (?:UNIQUE )?INDEX (\S+)/.exec(line)?.[1] ?? line}`;
    case 'trigger':
      return `trigger ${/^trigger CREATE (?:CONSTRAINT )?TRIGGER (\S+)/.exec(line)?.[1] ?? line}`;
    case 'function':
      return line.slice(0, line.lastIndexOf(' '));
    default:
      return line;
  }
}

export function compareSchemas(expected: string[], live: string[]): SchemaDifferences {
  const byObject = (lines: string[]) => new Map(lines.map((line) => [schemaObjectOf(line), line]));
  const expectedObjects = byObject(expected);
  const liveObjects = byObject(live);
  const differences: SchemaDifferences = { missing: [], extra: [], changed: [] };
  for (const [object, line] of expectedObjects) {
    const found = liveObjects.get(object);
    if (found === undefined) differences.missing.push(line);
    else if (found !== line) differences.changed.push({ object, expected: line, live: found });
  }
  for (const [object, line] of liveObjects)
    if (!expectedObjects.has(object)) differences.extra.push(line);
  return differences;
}

export function countDifferences(differences: SchemaDifferences): number {
  return differences.missing.length + differences.extra.length + differences.changed.length;
}
