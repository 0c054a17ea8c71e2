import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import draft07MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json';
import { parseGoDuration } from './go-duration';

/** The Compose Specification's JSON schema, as compose-go ships it (see ../compose-spec/README.md). */
export const COMPOSE_SCHEMA_PATH = join(__dirname, '../compose-spec/compose-spec.json');

/**
 * What the Compose Specification's schema finds wrong with an (interpolated) Compose document,
 * one readable line per ajv error: `/services/api: must NOT have additional properties
 * {"additionalProperty":"helthcheck"}`. Empty when the document is valid.
 */
export function composeSchemaProblems(document: unknown): string[] {
  if (validateCompose(document)) return [];
  return (validateCompose.errors ?? []).map(describe);
}

/** Throws, listing every problem, unless `document` matches the Compose Specification. */
export function assertMatchesComposeSpec(document: unknown, label: string): void {
  const problems = composeSchemaProblems(document);
  if (problems.length > 0)
    throw new Error(
      `${label} does not match the Compose Specification:\n  ${problems.join('\n  ')}`,
    );
}

const describe = (error: ErrorObject): string =>
  `${error.instancePath || '/'}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;

const schema = JSON.parse(readFileSync(COMPOSE_SCHEMA_PATH, 'utf8')) as { $schema: string };

// Strict, except for types: the schema is written for gojsonschema, which ignores keywords that
// do not apply to a value's type (`gpus` has `additionalProperties` beside `"type": "array"`).
// Anything else ajv does not know (a keyword, a format) fails the compilation.
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
// The schema names draft-07 by its https address; ajv knows it by the http one.
ajv.addMetaSchema({ ...draft07MetaSchema, $id: schema.$schema });
// compose-go's own formats (schema/schema.go): durations as Go parses them; ports and expose
// accept anything there (its checker is a TODO that returns true).
ajv.addFormat('duration', {
  type: 'string',
  validate: (value) => parseGoDuration(value) !== undefined,
});
ajv.addFormat('ports', () => true);
ajv.addFormat('expose', () => true);

const validateCompose = ajv.compile(schema);
