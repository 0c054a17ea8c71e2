/** One invalid field of a 422 problem, as the API names it (`channels[2]`, `configuration.url`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem+json answer of the API, or a failure to reach it at all. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    /** The whole problem body, extension members included. */
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  /** The messages of the fields whose name starts with `field` (`channels` matches `channels[2]`). */
  messagesFor(field: string): string[] {
    return this.errors
      .filter((error) => fieldRoot(error.field) === field)
      .map((error) => `${error.field} ${error.message}`);
  }
}

export function fieldRoot(field: string): string {
  return field.split(/[.[]/, 1)[0] ?? field;
}

export async function problemFromResponse(response: Response): Promise<ApiProblem> {
  const body: unknown = await response.json().catch(() => undefined);
  if (isRecord(body)) {
    const detail = typeof body.detail === 'string' ? body.detail : response.statusText;
    const title = typeof body.title === 'string' ? body.title : response.statusText;
    return new ApiProblem(response.status, title, detail, fieldProblems(body.errors), body);
  }
  return new ApiProblem(
    response.status,
    response.statusText,
    `The API answered ${response.status} ${response.statusText}.`.replace(/ \.$/, '.'),
  );
}

function fieldProblems(errors: unknown): FieldProblem[] {
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (error): error is FieldProblem =>
      isRecord(error) && typeof error.field === 'string' && typeof error.message === 'string',
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
