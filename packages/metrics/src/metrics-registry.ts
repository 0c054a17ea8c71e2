import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry of the app's own, never prom-client's global one: two apps built in one process (the
 * e2e tests build several) keep separate series instead of refusing each other's metric names.
 * It starts with the usual process metrics (CPU, memory, event loop lag, GC, handles), each name
 * under `prefix`.
 */
export function createMetricsRegistry(prefix: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix });
  return registry;
}
