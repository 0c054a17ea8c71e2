/** Where a problem sits: the JSON path of the template string, and a 1-based line and column in it. */
export interface TemplateLocation {
  /** e.g. `content_structure.body_html` or `content_structure.payload.items[0].title`. */
  path: string;
  line?: number;
  column?: number;
}

export interface TemplateSyntaxProblem extends TemplateLocation {
  message: string;
}

/** A template string that does not parse (or a render that hit a sandbox limit). */
export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
  constructor(readonly problems: TemplateSyntaxProblem[]) {
    super(
      `The template does not parse: ${problems
        .map((problem) => `${describeLocation(problem)}: ${problem.message}`)
        .join('; ')}.`,
    );
  }
}

export interface VariableProblem {
  name: string;
  message: string;
}

/**
 * Rendering needs values the caller did not give: required variables without a value or default,
 * or values of the wrong type. `missing` names the absent required ones.
 */
export class TemplateVariablesError extends Error {
  override readonly name = 'TemplateVariablesError';
  readonly missing: string[];
  constructor(readonly problems: VariableProblem[]) {
    super(
      `The template cannot be rendered: ${problems
        .map((problem) => `variable "${problem.name}" ${problem.message}`)
        .join('; ')}.`,
    );
    this.missing = problems
      .filter((problem) => problem.message === MISSING_MESSAGE)
      .map((problem) => problem.name);
  }
}

/** A render that failed at run time (sandbox limits, an unknown filter argument...). */
export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';
  constructor(
    readonly location: TemplateLocation,
    detail: string,
  ) {
    super(`Rendering ${describeLocation(location)} failed: ${detail}`);
  }
}

export const MISSING_MESSAGE = 'is required and has no value or default';

export function describeLocation(location: TemplateLocation): string {
  return location.line === undefined
    ? location.path
    : `${location.path} (line ${location.line}, column ${location.column ?? 1})`;
}

/** A Liquid parse or render error as a problem at `path`, with Liquid's line and column. */
export function syntaxProblem(path: string, error: unknown): TemplateSyntaxProblem {
  const token = (error as { token?: { getPosition?: () => [number, number] } }).token;
  const position = token?.getPosition?.();
  const message = error instanceof Error ? error.message : String(error);
  // Liquid appends ", line:L, col:C" to its messages; the location is reported on its own.
  const bare = message.replace(/, line:\d+, col:\d+$/, '');
  return position
    ? { path, line: position[0], column: position[1], message: bare }
    : { path, message: bare };
}
