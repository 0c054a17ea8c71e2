import { Module } from '@nestjs/common';
import { apiMetricsRegistry } from './api-metrics-registry';
import { DatabasePoolMetrics } from './database-pool-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsEndpoint } from './metrics-endpoint';

/** Prometheus metrics of the API, served on their own port (`MetricsEndpoint`). */
@Module({
  providers: [apiMetricsRegistry, HttpMetrics, DatabasePoolMetrics, MetricsEndpoint],
  exports: [HttpMetrics],
})
export class MetricsModule {}
