import { createMetricsRegistry } from '@publishing/metrics';
import { Registry } from 'prom-client';
import type { FactoryProvider } from '@nestjs/common';

/** Every series the API exports starts with this. */
export const API_METRICS_PREFIX = 'publishing_api_';

/** The application's registry, injected as prom-client's `Registry` (one per application). */
export const apiMetricsRegistry: FactoryProvider<Registry> = {
  provide: Registry,
  useFactory: () => createMetricsRegistry(API_METRICS_PREFIX),
};
