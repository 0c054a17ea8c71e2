import type { TemplateType } from '@publishing/db';
import { validateTemplate } from '@publishing/templating';
import type { FieldError } from '../common/errors/domain-errors';

/**
 * What a stored template must look like. The Liquid engine (`@publishing/templating`, the one the
 * worker renders with) parses every string and checks the variables it reads; this module adds
 * what the engine leaves to the API: the parts each template type needs, and a strict shape for
 * `variable_definitions` with an error per property.
 */
export type JsonRecord = Record<string, unknown>;

const VARIABLE_TYPES = ['string', 'number', 'boolean'] as const;
type VariableType = (typeof VARIABLE_TYPES)[number];

const DEFINITION_KEYS = ['type', 'required', 'default', 'description'];
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface TemplateStructure {
  templateType: TemplateType;
  contentStructure: JsonRecord;
  variableDefinitions: JsonRecord;
}

/** A problem in a template string, at the engine's 1-based line and column when it knows them. */
export interface TemplateFieldError extends FieldError {
  line?: number;
  column?: number;
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

/**
 * Every problem of a template as it would be stored; empty when it is valid. Liquid syntax errors
 * name the content field with the engine's line and column; a variable the template reads without
 * declaring it (built-ins such as `subscriber` and `unsubscribe_url` aside) names
 * `variable_definitions.<name>`.
 */
export function templateStructureErrors(template: TemplateStructure): TemplateFieldError[] {
  const errors: TemplateFieldError[] = [
    ...REQUIRED_PARTS[template.templateType](template.contentStructure),
    ...definitionErrors(template.variableDefinitions),
  ];
  const validation = validateTemplate(template.contentStructure, template.variableDefinitions);
  for (const problem of validation.syntaxErrors) {
    errors.push({
      field: problem.path,
      message:
        problem.line === undefined
          ? `is not valid Liquid: ${problem.message}`
          : `is not valid Liquid at line ${problem.line}, column ${problem.column ?? 1}: ${problem.message}`,
      line: problem.line,
      column: problem.column,
    });
  }
  for (const variable of validation.undeclaredVariables) {
    errors.push({
      field: `variable_definitions.${variable.name}`,
      message: `is used in ${variable.path} (line ${variable.line}, column ${variable.column}) but not declared`,
      line: variable.line,
      column: variable.column,
    });
  }
  // The engine's own definition checks overlap ours; it adds what only it knows (a definition
  // that would shadow a built-in). Names already reported here are not reported twice.
  for (const problem of validation.invalidDefinitions) {
    const field = `variable_definitions.${problem.name}`;
    if (errors.some((error) => error.field === field || error.field.startsWith(`${field}.`))) {
      continue;
    }
    errors.push({ field, message: problem.message });
  }
  return errors;
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

function isVariableType(value: unknown): value is VariableType {
  return VARIABLE_TYPES.some((type) => type === value);
}

function hasType(value: unknown, type: VariableType): boolean {
  return typeof value === type && (type !== 'number' || Number.isFinite(value));
}

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
