import fc from 'fast-check';
import { PROTOTYPE_KEYS, type HostileFamily } from './hostile-values';
import { withOwnKey } from './raw-json';

/** The part of a JSON Schema (as Nest's OpenAPI document writes it) the generators read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
}

interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Ids of rows that exist, so that generated requests also reach past the "not found" checks. */
export interface Fixtures {
  /** Ids by the kind of row, named as fields name them: `channel`, `template`, ... */
  idsByKind: Record<string, string[]>;
}

/** What the OpenAPI document says a route takes. */
export interface RouteShape {
  body?: Schema;
  query: { name: string; schema?: Schema }[];
}

export class OpenApiShapes {
  constructor(private readonly document: OpenApiDocument) {}

  /** `/api/v1/channels/:id` as the document spells it: `/api/v1/channels/{id}`. */
  shapeOf(method: string, expressPath: string): RouteShape {
    const path = expressPath.replace(/:(\w+)/g, '{$1}');
    const operation = this.document.paths[path]?.[method.toLowerCase()] ?? {};
    const body = operation.requestBody?.content?.['application/json']?.schema;
    return {
      body: body ? this.resolve(body) : undefined,
      query: (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'query')
        .map(({ name, schema }) => ({ name, schema: schema && this.resolve(schema) })),
    };
  }

  resolve(schema: Schema): Schema {
    if (schema.$ref) {
      const name = schema.$ref.split('/').at(-1)!;
      return this.resolve(this.document.components?.schemas?.[name] ?? {});
    }
    const composite = schema.allOf ?? schema.oneOf ?? schema.anyOf;
    if (composite?.length) return this.resolve({ ...composite[0], ...withoutComposition(schema) });
    return schema;
  }

  /** A value a well-behaved client could send for `schema`. */
  plausible(schema: Schema, fixtures: Fixtures, fieldName = ''): fc.Arbitrary<unknown> {
    const resolved = this.resolve(schema);
    if (resolved.enum?.length) return fc.constantFrom(...resolved.enum);
    switch (resolved.type) {
      case 'array': {
        const items = this.resolve(resolved.items ?? {});
        const maxLength = Math.min(resolved.maxItems ?? 3, 3);
        const minLength = Math.min(resolved.minItems ?? 0, maxLength);
        if (items.format === 'uuid') {
          return fc.uniqueArray(uuidOf(fixtures, fieldName), {
            minLength,
            maxLength,
          });
        }
        return fc.array(this.plausible(items, fixtures, fieldName), { minLength, maxLength });
      }
      case 'object':
        if (!resolved.properties) return fc.constantFrom({}, { note: 'fuzz' });
        return fc.record(
          Object.fromEntries(
            Object.entries(resolved.properties).map(([name, property]) => [
              name,
              this.plausible(property, fixtures, name),
            ]),
          ),
          { requiredKeys: [] },
        );
      case 'integer':
      case 'number':
        return fc.integer({
          min: resolved.minimum ?? 0,
          max: Math.min(resolved.maximum ?? 50, 50),
        });
      case 'boolean':
        return fc.boolean();
      default:
        return plausibleString(resolved, fixtures, fieldName);
    }
  }

  /**
   * A body for `schema`: now and then a hostile value as the whole body; otherwise a plausible
   * object in which one or two fields (those the family aims at, when it aims) hold hostile
   * values, sometimes with prototype keys or unknown keys added.
   */
  body(schema: Schema | undefined, family: HostileFamily, fixtures: Fixtures) {
    const properties = Object.entries(schema?.properties ?? {});
    const aimed = properties.filter(([name, property]) =>
      family.aimsAt ? family.aimsAt(name, this.resolve(property)) : true,
    );
    const targets = (aimed.length > 0 ? aimed : properties).map(([name]) => name);
    const plausible = fc.record(
      Object.fromEntries(
        properties.map(([name, property]) => [name, this.plausible(property, fixtures, name)]),
      ),
    );
    const hostileFields = (count: number) =>
      fc
        .shuffledSubarray(targets, { minLength: count, maxLength: count })
        .chain((names) =>
          fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), family.values))),
        );
    // Mostly one hostile field among plausible ones: a defect then shows alone, past validation.
    const hostile =
      targets.length > 1
        ? fc.oneof(
            { weight: 4, arbitrary: hostileFields(1) },
            { weight: 1, arbitrary: hostileFields(2) },
          )
        : targets.length === 1
          ? hostileFields(1)
          : fc.constant([] as [string, unknown][]);
    const extra = fc.dictionary(
      fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 8 })),
      family.values,
      { maxKeys: 2 },
    );
    const object = fc
      .tuple(
        plausible,
        hostile,
        fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra }),
      )
      .map(([fields, hostile, extras]) => {
        const body: object = {};
        for (const [name, value] of [
          ...Object.entries(fields),
          ...hostile,
          ...Object.entries(extras),
        ])
          withOwnKey(body, name, value);
        return body;
      });
    return fc.oneof({ weight: 9, arbitrary: object }, { weight: 1, arbitrary: family.values });
  }
}

function withoutComposition(schema: Schema): Schema {
  const { allOf: _allOf, oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema;
  return rest;
}

/** An id for a field named like `template_id` or `target_channels`: mostly one of that kind. */
function uuidOf(fixtures: Fixtures, fieldName: string): fc.Arbitrary<string> {
  const kind = Object.keys(fixtures.idsByKind).find((name) => fieldName.includes(name));
  const known = kind ? fixtures.idsByKind[kind]! : Object.values(fixtures.idsByKind).flat();
  return fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

let emailCounter = 0;

function plausibleString(schema: Schema, fixtures: Fixtures, fieldName: string) {
  if (schema.format === 'uuid' || /(^|_)id$/.test(fieldName)) return uuidOf(fixtures, fieldName);
  if (schema.format === 'date-time')
    return fc.constant(`${new Date().getUTCFullYear() + 2}-06-01T10:00:00+02:00`);
  if (schema.format === 'email' || /email/i.test(fieldName))
    return fc.constant(null).map(() => `fuzz-${(emailCounter += 1)}@example.com`);
  if (schema.format === 'uri' || /url/i.test(fieldName))
    return fc.constant('https://example.com/page');
  return fc.string({ minLength: 1, maxLength: 20 });
}
