import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expectProblem, scrapeMetrics, unusedPort, type MetricSamples } from '@publishing/testing';
import request from 'supertest';
import { MetricsEndpoint } from '../src/metrics/metrics-endpoint';
import { createTestApp, type TestApp } from './support/test-app';

const REQUESTS = 'publishing_api_http_requests_total';
const DURATION = 'publishing_api_http_request_duration_seconds';

/** GET with a Host header of our choosing (fetch does not let one set it). */
function getWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers: { host } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    })
      .on('error', reject)
      .end();
  });
}

describe('Prometheus metrics of the API', () => {
  let testApp: TestApp;
  let metricsUrl: string;
  const missingId = randomUUID();

  beforeAll(async () => {
    testApp = await createTestApp({
      METRICS_PORT: String(await unusedPort()),
      METRICS_HOST: '127.0.0.1',
      // The public port refuses other hosts; the metrics port must not care.
      ALLOWED_HOSTS: '127.0.0.1',
    });
    metricsUrl = testApp.app.get(MetricsEndpoint).url!;
  });
  afterAll(() => testApp.close());

  describe('after a few requests', () => {
    let scrape: MetricSamples;
    beforeAll(async () => {
      const { http, auth } = testApp;
      await request(http).get('/api/v1/publications?limit=5').set(auth).expect(200);
      await request(http).get(`/api/v1/publications/${missingId}`).set(auth).expect(404);
      await request(http).get(`/api/v1/publications/${missingId}`).set(auth).expect(404);
      await request(http).get('/api/v1/publications').expect(401);
      await request(http).get(`/api/v1/no-such-thing/${missingId}?token=secret`).expect(404);
      await request(http).get('/health/live').set('Host', 'evil.example').expect(400);
      scrape = await scrapeMetrics(metricsUrl);
    });

    it('counts requests by method, route template and status code', () => {
      const count = (route: string, status: string) =>
        scrape.value(REQUESTS, { method: 'GET', route, status_code: status });

      expect(count('/api/v1/publications', '200')).toBe(1);
      expect(count('/api/v1/publications/:id', '404'), 'the 404 of an :id route').toBe(2);
      expect(count('/api/v1/publications', '401'), 'refused by the API-key guard').toBe(1);
      // No route matched: one label for every unknown path, and for a refused Host.
      expect(count('unmatched', '404')).toBe(1);
      expect(count('unmatched', '400')).toBe(1);
      expect(scrape.types.get(REQUESTS)).toBe('counter');
    });

    it('times them in a histogram with the same labels', () => {
      const labels = { method: 'GET', route: '/api/v1/publications/:id', status_code: '404' };
      expect(scrape.types.get(DURATION)).toBe('histogram');
      expect(scrape.value(`${DURATION}_count`, labels)).toBe(2);
      expect(scrape.value(`${DURATION}_sum`, labels)).toBeGreaterThan(0);
      const buckets = scrape.find(`${DURATION}_bucket`, labels);
      expect(buckets.length).toBeGreaterThan(5);
      expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: 2 });
    });

    it('never puts an id, a query string or a raw path into a label', () => {
      const values = scrape.labelValues();
      expect(values.filter((value) => value.includes(missingId))).toEqual([]);
      expect(values.filter((value) => /[?]|secret|no-such-thing/.test(value))).toEqual([]);
      const routes = new Set(scrape.find(REQUESTS).map((sample) => sample.labels.route));
      for (const route of routes) expect(route).toMatch(/^(unmatched|\/[\w/:.-]*)$/);
    });

    it('reports the database pool under PrismaService', () => {
      const open = scrape.value('publishing_api_db_pool_connections')!;
      const idle = scrape.value('publishing_api_db_pool_idle_connections')!;
      const max = scrape.value('publishing_api_db_pool_max_connections')!;
      // The requests above queried the database; pg's default pool holds up to 10 connections.
      expect(open).toBeGreaterThanOrEqual(1);
      expect(idle).toBeLessThanOrEqual(open);
      expect(max).toBe(10);
      expect(scrape.value('publishing_api_db_pool_waiting_requests')).toBe(0);
    });

    it('reports the process metrics under the publishing_api_ prefix', () => {
      expect(scrape.value('publishing_api_process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(scrape.value('publishing_api_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
      expect(scrape.find('process_cpu_user_seconds_total')).toEqual([]);
    });
  });

  it('is not on the public port: /metrics there is an unknown route, counted as unmatched', async () => {
    const unmatched = { method: 'GET', route: 'unmatched', status_code: '404' };
    const before = (await scrapeMetrics(metricsUrl)).value(REQUESTS, unmatched) ?? 0;
    const response = await request(testApp.http).get('/metrics').expect(404);
    expectProblem(response, 404);
    await request(testApp.http).get('/api/v1/metrics').set(testApp.auth).expect(404);
    expect((await scrapeMetrics(metricsUrl)).value(REQUESTS, unmatched)).toBe(before + 2);

    const document = await request(testApp.http).get('/api/v1/openapi.json').expect(200);
    const paths = Object.keys(document.body.paths as Record<string, unknown>);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((path) => path.includes('metrics'))).toEqual([]);
  });

  it('asks for no API key and accepts any Host, as a scraper sends the pod address', async () => {
    expect(await getWithHost(metricsUrl, '10.1.2.3:9464')).toBe(200);
    expect(await getWithHost(new URL('/', metricsUrl).href, '10.1.2.3:9464')).toBe(404);
  });

  it('is off with METRICS_PORT=0', async () => {
    const quiet = await createTestApp({ METRICS_PORT: '0' });
    try {
      expect(quiet.app.get(MetricsEndpoint).url).toBeUndefined();
    } finally {
      await quiet.close();
    }
  });

  it('stops serving when the application closes', async () => {
    const own = await createTestApp({ METRICS_PORT: String(await unusedPort()) });
    const url = own.app.get(MetricsEndpoint).url!;
    expect((await fetch(url)).status).toBe(200);
    await own.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});
