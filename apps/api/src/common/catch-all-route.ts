import { METHODS } from 'node:http';

/**
 * Middleware bound to paths (nestjs-pino's binding of each request's logger) sits in Express's
 * router as a route answering every method: it is no endpoint.
 */
export function isCatchAllRoute(route: { methods?: Record<string, boolean> }): boolean {
  return METHODS.every((method) => route.methods?.[method.toLowerCase()] === true);
}
