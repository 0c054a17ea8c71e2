import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * Warnings about a request that still succeeded (e.g. unknown body fields that were ignored),
 * collected while it is handled and answered in the envelope's `meta.warnings`. Pipes see no
 * request object, hence a per-request store.
 */
const store = new AsyncLocalStorage<string[]>();

/** Opens the request's warning list; registered after the body parsers, whose callbacks lose it. */
export function requestWarnings(_request: Request, _response: Response, next: NextFunction): void {
  store.run([], next);
}

export function addRequestWarning(message: string): void {
  store.getStore()?.push(message);
}

export function requestWarningList(): readonly string[] {
  return store.getStore() ?? [];
}
