import { describeLocation, syntaxProblem, type TemplateSyntaxProblem } from './errors';
import { liquidEngine, type LiquidTemplate } from './liquid-engine';
import { templateStrings } from './template-strings';
import {
  BUILTIN_VARIABLES,
  isRecord,
  readVariableDefinitions,
  type VariableDefinitions,
} from './variable-definitions';

/** A variable a template uses without declaring it, at its first use. */
export interface UndeclaredVariable {
  name: string;
  path: string;
  line: number;
  column: number;
}

export interface DefinitionProblem {
  name: string;
  message: string;
}

export interface TemplateValidation {
  valid: boolean;
  syntaxErrors: TemplateSyntaxProblem[];
  /** One entry per undeclared name (the API answers 422 naming them). */
  undeclaredVariables: UndeclaredVariable[];
  invalidDefinitions: DefinitionProblem[];
  /** Root names of every variable the template reads from its scope, sorted. */
  usedVariables: string[];
  /** Declared variables no template string uses (not an error). */
  unusedVariables: string[];
}

export interface ValidateTemplateOptions {
  /** Names usable without a declaration; default `BUILTIN_VARIABLES`. */
  builtins?: readonly string[];
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VARIABLE_TYPES = ['string', 'number', 'boolean'];

/**
 * Parses every string of `content_structure` as Liquid and checks what it reads against
 * `variable_definitions`: syntax errors (with path, line and column), undeclared variables, and
 * malformed definitions. Variables assigned inside the template (`assign`, `capture`, `for`) are
 * locals, not undeclared.
 */
export function validateTemplate(
  contentStructure: unknown,
  variableDefinitions: unknown,
  options: ValidateTemplateOptions = {},
): TemplateValidation {
  const builtins = new Set(options.builtins ?? BUILTIN_VARIABLES);
  const definitions = readVariableDefinitions(variableDefinitions);
  const syntaxErrors: TemplateSyntaxProblem[] = [];
  const undeclared = new Map<string, UndeclaredVariable>();
  const used = new Set<string>();

  for (const { path, source, html } of templateStrings(contentStructure)) {
    const engine = liquidEngine(html ? 'html' : 'plain');
    let parsed: LiquidTemplate[];
    try {
      parsed = engine.parse(source);
    } catch (error) {
      syntaxErrors.push(syntaxProblem(path, error));
      continue;
    }
    const analysis = engine.analyzeSync(parsed, { partials: false });
    for (const [name, occurrences] of Object.entries(analysis.globals)) {
      used.add(name);
      if (Object.hasOwn(definitions, name) || builtins.has(name) || undeclared.has(name)) continue;
      const first = occurrences[0]?.location;
      undeclared.set(name, { name, path, line: first?.row ?? 1, column: first?.col ?? 1 });
    }
  }

  const invalidDefinitions = definitionProblems(variableDefinitions, definitions, builtins);
  const undeclaredVariables = [...undeclared.values()];
  return {
    valid:
      syntaxErrors.length === 0 &&
      undeclaredVariables.length === 0 &&
      invalidDefinitions.length === 0,
    syntaxErrors,
    undeclaredVariables,
    invalidDefinitions,
    usedVariables: [...used].sort(),
    unusedVariables: Object.keys(definitions)
      .filter((name) => !used.has(name))
      .sort(),
  };
}

/** One line per problem, for logs and error messages. */
export function describeValidation(validation: TemplateValidation): string[] {
  return [
    ...validation.syntaxErrors.map((problem) => `${describeLocation(problem)}: ${problem.message}`),
    ...validation.undeclaredVariables.map(
      (variable) =>
        `${describeLocation({ path: variable.path, line: variable.line, column: variable.column })}: variable "${variable.name}" is not declared in variable_definitions`,
    ),
    ...validation.invalidDefinitions.map(
      (problem) => `variable_definitions.${problem.name}: ${problem.message}`,
    ),
  ];
}

function definitionProblems(
  raw: unknown,
  definitions: VariableDefinitions,
  builtins: ReadonlySet<string>,
): DefinitionProblem[] {
  if (raw !== undefined && raw !== null && !isRecord(raw)) {
    return [{ name: '*', message: 'variable_definitions must be an object' }];
  }
  const problems: DefinitionProblem[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    const rawDefinition = isRecord(raw) ? raw[name] : undefined;
    if (!VARIABLE_NAME.test(name)) {
      problems.push({
        name,
        message: 'is not a valid name (letters, digits and _, not starting with a digit)',
      });
    } else if (builtins.has(name)) {
      problems.push({ name, message: 'is a built-in variable and cannot be redefined' });
    }
    if (!isRecord(rawDefinition)) {
      problems.push({
        name,
        message: 'must be an object {type, required?, default?, description?}',
      });
      continue;
    }
    if (definition.type !== undefined && !VARIABLE_TYPES.includes(definition.type)) {
      problems.push({ name, message: `type must be one of ${VARIABLE_TYPES.join(', ')}` });
    }
    if (definition.required !== undefined && typeof definition.required !== 'boolean') {
      problems.push({ name, message: 'required must be a boolean' });
    }
    if (
      definition.default !== undefined &&
      VARIABLE_TYPES.includes(String(definition.type)) &&
      typeof definition.default !== definition.type
    ) {
      problems.push({ name, message: `default must be a ${definition.type}` });
    }
  }
  return problems;
}
