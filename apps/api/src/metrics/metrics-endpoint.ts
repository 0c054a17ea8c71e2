import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { serveMetrics, type MetricsServer } from '@publishing/metrics';
import { Registry } from 'prom-client';
import type { ApiConfig } from '../config/app-config';

/**
 * `GET /metrics` on `METRICS_PORT` (its own `node:http` server, not the application's): off the
 * public port, so no API key, rate limit or allowed host applies, and absent from the OpenAPI
 * document. Up once the application has started, down after it has shut down, so the last
 * scrapes still see the requests that drained. `METRICS_PORT=0`: nothing listens.
 */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: MetricsServer | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly config: ConfigService<ApiConfig, true>,
  ) {}

  /** Where it is served; undefined when turned off. */
  get url(): string | undefined {
    return this.server?.url;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.get('METRICS_PORT', { infer: true });
    if (port === 0) return;
    this.server = await serveMetrics(this.registry, {
      port,
      host: this.config.get('METRICS_HOST', { infer: true }),
      portVariable: 'METRICS_PORT',
    });
    this.logger.log(`Prometheus metrics at ${this.server.url}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}
