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
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemDetails(
  status: number,
  detail: string,
  request: { path: string; correlationId: string },
  errors?: FieldError[],
): ProblemDetails {
  return {
    type: `https://httpstatuses.com/${status}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: request.path,
    traceId: request.correlationId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
