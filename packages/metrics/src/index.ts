export {
  registerConnectionPoolMetrics,
  type ConnectionPoolReading,
} from './connection-pool-metrics';
export { createMetricsRegistry } from './metrics-registry';
export {
  METRICS_PATH,
  MetricsServerError,
  serveMetrics,
  type MetricsServer,
  type MetricsServerOptions,
} from './metrics-server';
