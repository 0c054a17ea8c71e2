/**
 * Compose's variable interpolation, as compose-go's `template` package does it for `docker compose`:
 * `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset),
 * `${VAR:?message}` / `${VAR?message}` (required), `${VAR:+other}` / `${VAR+other}`, and `$$` for a
 * literal `$`. Defaults and messages may themselves contain variables. Applied to every string
 * value of the parsed document (never to keys), before the schema validation.
 */

export interface Interpolation<T> {
  value: T;
  /** Every variable the document looks up, with or without a default. */
  variables: Set<string>;
  /** Looked up without a default and not set: `docker compose` warns and substitutes "". */
  unset: Set<string>;
}

export class InterpolationError extends Error {
  override readonly name = 'InterpolationError';
}

export function interpolate<T>(
  document: T,
  environment: Readonly<Record<string, string>>,
): Interpolation<T> {
  const lookups: Lookups = { environment, variables: new Set(), unset: new Set() };
  const value = interpolateValue(document, [], lookups) as T;
  return { value, variables: lookups.variables, unset: lookups.unset };
}

interface Lookups {
  environment: Readonly<Record<string, string>>;
  variables: Set<string>;
  unset: Set<string>;
}

function interpolateValue(value: unknown, path: string[], lookups: Lookups): unknown {
  if (typeof value === 'string') {
    try {
      return substitute(value, lookups);
    } catch (error) {
      throw new InterpolationError(`${path.join('.')}: ${(error as Error).message}`);
    }
  }
  if (Array.isArray(value))
    return value.map((item, index) => interpolateValue(item, [...path, `[${index}]`], lookups));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        interpolateValue(item, [...path, key], lookups),
      ]),
    );
  return value;
}

const NAME = /^[_a-z][_a-z0-9]*/i;
const BRACED = /^([_a-z][_a-z0-9]*)(?:(:?[-+?])(.*))?$/i;

function substitute(template: string, lookups: Lookups): string {
  let output = '';
  let index = 0;
  for (let dollar = template.indexOf('$'); dollar >= 0; dollar = template.indexOf('$', index)) {
    output += template.slice(index, dollar);
    const rest = template.slice(dollar + 1);
    const name = NAME.exec(rest)?.[0];
    if (rest.startsWith('$')) {
      output += '$';
      index = dollar + 2;
    } else if (name !== undefined) {
      output += lookup(name, lookups) ?? '';
      index = dollar + 1 + name.length;
    } else if (rest.startsWith('{')) {
      const close = matchingBrace(template, dollar + 1);
      if (close < 0) throw invalidTemplate(template);
      output += substituteBraced(template.slice(dollar + 2, close), template, lookups);
      index = close + 1;
    } else {
      // A `$` before anything else stays as it is.
      output += '$';
      index = dollar + 1;
    }
  }
  return output + template.slice(index);
}

function substituteBraced(expression: string, template: string, lookups: Lookups): string {
  const match = BRACED.exec(expression);
  if (!match) throw invalidTemplate(template);
  const [, name = '', operator, argument = ''] = match;
  if (operator === undefined) return lookup(name, lookups) ?? '';

  // compose-go substitutes the default (or message) before looking at the variable.
  const substituted = substitute(argument, lookups);
  lookups.variables.add(name);
  const value = lookups.environment[name];
  const set = value !== undefined && (!operator.startsWith(':') || value !== '');
  switch (operator.at(-1)) {
    case '-':
      return set ? value : substituted;
    case '+':
      return set ? substituted : (value ?? '');
    default: // '?'
      if (!set)
        throw new Error(
          `required variable ${name} is missing a value${substituted ? `: ${substituted}` : ''}`,
        );
      return value;
  }
}

function lookup(name: string, lookups: Lookups): string | undefined {
  lookups.variables.add(name);
  const value = lookups.environment[name];
  if (value === undefined) lookups.unset.add(name);
  return value;
}

/** The index of the `}` closing the `{` at `open`, nested braces counted; -1 when unclosed. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '{') depth++;
    if (text[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

const invalidTemplate = (template: string): Error =>
  new Error(
    `invalid interpolation format in ${JSON.stringify(template)} (escape a literal $ as $$)`,
  );
