import type { Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

/**
 * Writes a problem as `Content-Type: application/problem+json` exactly: old clients compare the
 * whole header, and Express appends `; charset=utf-8` to any string body it sends, so the body
 * goes out as bytes (JSON is UTF-8 by definition, RFC 8259).
 */
export function sendProblem(response: Response, problem: ProblemDetails): void {
  response
    .status(problem.status)
    .setHeader('Content-Type', PROBLEM_CONTENT_TYPE)
    .send(Buffer.from(JSON.stringify(problem), 'utf8'));
}
