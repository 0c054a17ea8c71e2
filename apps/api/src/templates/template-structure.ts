import type { TemplateType } from '@publishing/db';
import type { FieldError } from '../common/errors/domain-errors';

/**
 * What a stored template must look like, and the `{{ name }}` placeholder rendering used by the
 * preview. The real Liquid/Handlebars engine arrives with the delivery pipeline; until then only
 * bare variable names are accepted inside `{{ }}`, so every stored template stays valid later.
 */
export type JsonRecord = Record<string, unknown>;

const VARIABLE_TYPES = ['string', 'number', 'boolean'] as const;
type VariableType = (typeof VARIABLE_TYPES)[number];
export type VariableValue = string | number | boolean;

export interface VariableDefinition {
  type: VariableType;
  required?: boolean;
  default?: VariableValue;
  description?: string;
}

const DEFINITION_KEYS = ['type', 'required', 'default', 'description'];
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{\{\s*([\s\S]*?)\s*\}\}/g;

export interface TemplateStructure {
  templateType: TemplateType;
  contentStructure: JsonRecord;
  variableDefinitions: JsonRecord;
}

const REQUIRED_PARTS: Record<TemplateType, (content: JsonRecord) => FieldError[]> = {
  email: (content) => [
    ...stringPart(content, 'subject', true),
    ...stringPart(content, 'body_html', false),
    ...stringPart(content, 'body_text', false),
    ...(content.body_html === undefined && content.body_text === undefined
      ? [
          {
            field: 'content_structure.body_html',
            message: 'or content_structure.body_text is required for an email template',
          },
        ]
      : []),
  ],
  slack: (content) => stringPart(content, 'text', true),
  discord: (content) => stringPart(content, 'text', true),
  webhook: (content) =>
    isRecord(content.payload)
      ? []
      : [
          {
            field: 'content_structure.payload',
            message: 'must be an object for a webhook template',
          },
        ],
};

/** Every problem of a template's stored structure; empty when it is valid. */
export function templateStructureErrors(template: TemplateStructure): FieldError[] {
  const errors = [
    ...REQUIRED_PARTS[template.templateType](template.contentStructure),
    ...definitionErrors(template.variableDefinitions),
  ];
  const undeclared = new Set<string>();
  for (const [path, text] of stringsIn(template.contentStructure, 'content_structure')) {
    for (const [, expression = ''] of text.matchAll(PLACEHOLDER)) {
      if (!VARIABLE_NAME.test(expression)) {
        errors.push({
          field: path,
          message: `uses {{ ${expression} }}: only {{ variable_name }} placeholders are supported`,
        });
      } else if (
        !Object.hasOwn(template.variableDefinitions, expression) &&
        !undeclared.has(expression)
      ) {
        undeclared.add(expression);
        errors.push({
          field: `variable_definitions.${expression}`,
          message: `is used in ${path} but not declared`,
        });
      }
    }
  }
  return errors;
}

/**
 * The value of each declared variable: the given one, else its default. Errors name
 * `variables.<name>` for a missing required variable, a wrong type or an undeclared name.
 */
export function resolveVariables(
  definitions: Record<string, VariableDefinition>,
  given: JsonRecord,
): { values: Map<string, VariableValue>; errors: FieldError[] } {
  const errors: FieldError[] = Object.keys(given)
    .filter((name) => !Object.hasOwn(definitions, name))
    .map((name) => ({ field: `variables.${name}`, message: 'is not declared by the template' }));
  const values = new Map<string, VariableValue>();
  for (const [name, definition] of Object.entries(definitions)) {
    const value = (Object.hasOwn(given, name) ? given[name] : undefined) ?? definition.default;
    if (value === undefined) {
      if (definition.required) errors.push({ field: `variables.${name}`, message: 'is required' });
    } else if (!hasType(value, definition.type)) {
      errors.push({ field: `variables.${name}`, message: `must be a ${definition.type}` });
    } else {
      values.set(name, value);
    }
  }
  return { values, errors };
}

/** Replaces placeholders in every string; values are HTML-escaped in `body_html` and `*_html` parts. */
export function renderContent(
  record: JsonRecord,
  values: ReadonlyMap<string, VariableValue>,
): JsonRecord {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, renderValue(value, key, values)]),
  );
}

function renderValue(
  value: unknown,
  key: string,
  values: ReadonlyMap<string, VariableValue>,
): unknown {
  if (typeof value === 'string') {
    const escape = key === 'body_html' || key.endsWith('_html');
    return value.replace(PLACEHOLDER, (_match, name: string) => {
      const replacement = values.get(name);
      const text = replacement === undefined ? '' : String(replacement);
      return escape ? escapeHtml(text) : text;
    });
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, key, values));
  if (isRecord(value)) return renderContent(value, values);
  return value;
}

function definitionErrors(definitions: JsonRecord): FieldError[] {
  return Object.entries(definitions).flatMap(([name, definition]): FieldError[] => {
    const field = `variable_definitions.${name}`;
    if (!VARIABLE_NAME.test(name)) {
      return [
        {
          field,
          message: 'is not a valid name (letters, digits and _, not starting with a digit)',
        },
      ];
    }
    if (!isRecord(definition)) {
      return [{ field, message: 'must be an object {type, required?, default?, description?}' }];
    }
    const errors: FieldError[] = Object.keys(definition)
      .filter((key) => !DEFINITION_KEYS.includes(key))
      .map((key) => ({
        field: `${field}.${key}`,
        message: `is not a known property (${DEFINITION_KEYS.join(', ')})`,
      }));
    const type = definition.type;
    if (!isVariableType(type)) {
      errors.push({
        field: `${field}.type`,
        message: `must be one of ${VARIABLE_TYPES.join(', ')}`,
      });
    } else if (definition.default !== undefined && !hasType(definition.default, type)) {
      errors.push({ field: `${field}.default`, message: `must be a ${type}` });
    }
    if (definition.required !== undefined && typeof definition.required !== 'boolean') {
      errors.push({ field: `${field}.required`, message: 'must be a boolean' });
    }
    if (definition.description !== undefined && typeof definition.description !== 'string') {
      errors.push({ field: `${field}.description`, message: 'must be a string' });
    }
    return errors;
  });
}

function stringPart(content: JsonRecord, part: string, required: boolean): FieldError[] {
  const value = content[part];
  if (value === undefined && !required) return [];
  return typeof value === 'string' && value.length > 0
    ? []
    : [{ field: `content_structure.${part}`, message: 'must be a non-empty string' }];
}

function* stringsIn(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') {
    yield [path, value];
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* stringsIn(item, `${path}[${index}]`);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) yield* stringsIn(item, `${path}.${key}`);
  }
}

function isVariableType(value: unknown): value is VariableType {
  return VARIABLE_TYPES.some((type) => type === value);
}

function hasType(value: unknown, type: VariableType): value is VariableValue {
  return typeof value === type && (type !== 'number' || Number.isFinite(value));
}

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
