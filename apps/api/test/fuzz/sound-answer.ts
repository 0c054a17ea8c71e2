import type { Response } from 'supertest';

/** A stack frame (`at fn (/path/file.js:1:2)`), a source path or a module path in a body. */
const STACK_TRACE =
  /\bat (?:async )?\S+ \((?:\/|node:|file:)[^)]*:\d+:\d+\)|node_modules\/|\/work\/|\.[cm]?[jt]s:\d+:\d+/;

/**
 * Why `response` is not an answer a hostile request may get, or undefined when it is sound:
 * no 5xx, no stack trace in the body, every error a problem+json document for its status.
 */
export function unsoundness(response: Response): string | undefined {
  const text = response.text ?? '';
  if (response.status >= 500) return `answered ${response.status}: ${text.slice(0, 300)}`;
  if (STACK_TRACE.test(text)) return `leaked a stack trace: ${text.slice(0, 300)}`;
  if (response.status >= 400) {
    if (!/^application\/problem\+json/.test(response.headers['content-type'] ?? ''))
      return `answered ${response.status} as ${response.headers['content-type']}: ${text.slice(0, 200)}`;
    const body = response.body as { status?: unknown; traceId?: unknown };
    if (body.status !== response.status || typeof body.traceId !== 'string')
      return `answered ${response.status} with a malformed problem: ${text.slice(0, 200)}`;
  }
  return undefined;
}
