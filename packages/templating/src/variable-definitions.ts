import { MISSING_MESSAGE, TemplateVariablesError, type VariableProblem } from './errors';

export type VariableType = 'string' | 'number' | 'boolean';

/** One entry of a template's `variable_definitions`: `{ type, required?, default?, description? }`. */
export interface VariableDefinition {
  /** A `VariableType`; any other string is stored as given and reported by validation. */
  type?: string;
  required?: boolean;
  default?: unknown;
  description?: string;
}

export type VariableDefinitions = Record<string, VariableDefinition>;

/**
 * Names every template may use without declaring them: the worker (and a preview) fills them in
 * for each delivery. `subscriber` = `{id, email, ...personalization_data}` under `subscriber.data`,
 * `publication` = `{id, type, scheduled_time, content_ids}`, `channel` = `{id, name, type}`.
 */
export const BUILTIN_VARIABLES = [
  'subscriber',
  'publication',
  'channel',
  'unsubscribe_url',
] as const;

/** Reads `variable_definitions` leniently: anything that is not an object of objects counts as empty. */
export function readVariableDefinitions(value: unknown): VariableDefinitions {
  if (!isRecord(value)) return {};
  const definitions: VariableDefinitions = {};
  for (const [name, definition] of Object.entries(value)) {
    definitions[name] = isRecord(definition) ? definition : {};
  }
  return definitions;
}

/**
 * The scope a render sees: every declared variable with its given value or its default, plus the
 * given values of undeclared names (built-ins). Throws `TemplateVariablesError` naming each
 * required variable without a value and each value of the wrong declared type.
 */
export function resolveVariables(
  definitions: VariableDefinitions,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined) scope[name] = value;
  }
  const problems: VariableProblem[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    const value = Object.hasOwn(given, name) && given[name] !== null ? given[name] : undefined;
    const resolved = value ?? definition.default;
    if (resolved === undefined || resolved === null) {
      if (definition.required) problems.push({ name, message: MISSING_MESSAGE });
      continue;
    }
    if (!hasDeclaredType(resolved, definition.type)) {
      problems.push({ name, message: `must be a ${definition.type}` });
      continue;
    }
    scope[name] = resolved;
  }
  if (problems.length > 0) throw new TemplateVariablesError(problems);
  return scope;
}

function hasDeclaredType(value: unknown, type: VariableDefinition['type']): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
