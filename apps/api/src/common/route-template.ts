import { METHODS } from 'node:http';

/**
 * Middleware bound to paths (nestjs-pino's binding of each request's logger) sits in Express's
 * router as a route answering every method: it is no endpoint.
 */
export function isCatchAllRoute(route: { methods?: Record<string, boolean> }): boolean {
  return METHODS.every((method) => route.methods?.[method.toLowerCase()] === true);
}

/** Per Express route (they live as long as the application), its template or null: asked on every request. */
const templates = new WeakMap<object, string | null>();

/**
 * The template of the route that answered (`/api/v1/channels/:id`: Express sets `request.route`
 * to the matched route), or undefined when none did (an unknown path, a refused host, a static
 * file).
 */
export function routeTemplateOf(request: { route?: unknown }): string | undefined {
  const route = request.route as { path?: unknown; methods?: Record<string, boolean> } | undefined;
  if (!route) return undefined;
  let template = templates.get(route);
  if (template === undefined) {
    template = typeof route.path === 'string' && !isCatchAllRoute(route) ? route.path : null;
    templates.set(route, template);
  }
  return template ?? undefined;
}
