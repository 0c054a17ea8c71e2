import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';
import { routeTemplateOf } from '../common/route-template';
import { API_METRICS_PREFIX } from './api-metrics-registry';

/** The `route` of requests no route answered: unknown paths, refused hosts, static files. */
export const UNMATCHED_ROUTE = 'unmatched';

const LABELS = ['method', 'route', 'status_code'] as const;

/**
 * Counts and times every response, labelled by route template (`/api/v1/publications/:id`, never
 * the path as requested: ids and query strings would make a series per request), method and
 * status. Installed first (`configureApp`), so the answers of middleware and guards (400 for a
 * refused host, 401, 413, 429) are counted too.
 */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<(typeof LABELS)[number]>;
  private readonly duration: Histogram<(typeof LABELS)[number]>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: `${API_METRICS_PREFIX}http_requests_total`,
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: LABELS,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: `${API_METRICS_PREFIX}http_request_duration_seconds`,
      help: 'Time from receiving a request to sending the last byte of its response.',
      labelNames: LABELS,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  readonly middleware: RequestHandler = (
    request: Request,
    response: Response,
    next: NextFunction,
  ) => {
    const started = process.hrtime.bigint();
    // A response the client abandoned has no status to report: it is not counted.
    response.once('finish', () => {
      const labels = {
        method: request.method,
        route: routeTemplateOf(request) ?? UNMATCHED_ROUTE,
        status_code: String(response.statusCode),
      };
      this.requests.inc(labels);
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
