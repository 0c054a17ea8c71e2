import { STATUS_CODES } from 'node:http';
import type { FieldError } from './domain-errors';

/** RFC 7807 problem details, as every error response of this API carries them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  traceId: string;
  errors?: FieldError[];
  /** Extension members (RFC 9457 §3.2), e.g. the migration state of a 503 from `/health/ready`. */
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemDetails(
  status: number,
  detail: string,
  request: { path: string; correlationId: string },
  errors?: FieldError[],
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  return {
    ...extensions,
    type: `https://httpstatuses.com/${status}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: request.path,
    traceId: request.correlationId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
