import { occupiedPort } from '@publishing/testing';
import { Counter, Gauge } from 'prom-client';
import { registerConnectionPoolMetrics } from './connection-pool-metrics';
import { createMetricsRegistry } from './metrics-registry';
import { MetricsServerError, serveMetrics, type MetricsServer } from './metrics-server';

describe('serveMetrics', () => {
  const registry = createMetricsRegistry('spec_');
  const requests = new Counter({
    name: 'spec_things_total',
    help: 'Things.',
    registers: [registry],
  });
  let server: MetricsServer;
  beforeAll(async () => {
    server = await serveMetrics(registry, {
      port: 0,
      host: '127.0.0.1',
      portVariable: 'SPEC_PORT',
    });
  });
  afterAll(() => server.close());

  it('serves the registry in the text exposition format at GET /metrics', async () => {
    requests.inc(3);
    const response = await fetch(server.url);

    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('# TYPE spec_things_total counter\nspec_things_total 3\n');
    // The process metrics, under the registry's prefix.
    expect(text).toMatch(/^spec_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^spec_nodejs_eventloop_lag_seconds \d/m);
    expect(text).not.toMatch(/^process_cpu_user_seconds_total/m);
  });

  it('answers 404 off /metrics and 405 to another method', async () => {
    const elsewhere = await fetch(new URL('/', server.url));
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.text()).toBe('Not found: metrics are at /metrics.\n');

    const posted = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');

    expect((await fetch(`${server.url}?name[]=x`)).status).toBe(200);
  });

  it('says which variable to change when the port is taken', async () => {
    const { port, release } = await occupiedPort();
    try {
      const attempt = serveMetrics(registry, {
        port,
        host: '127.0.0.1',
        portVariable: 'SPEC_PORT',
      });
      await expect(attempt).rejects.toThrow(MetricsServerError);
      await expect(attempt).rejects.toThrow(
        `Cannot serve metrics on 127.0.0.1:${port}: EADDRINUSE. → Set SPEC_PORT to a free port, or to 0 to turn metrics off.`,
      );
    } finally {
      await release();
    }
  });

  it('answers 500 when a collector fails, and serves again once it recovers', async () => {
    const failing = createMetricsRegistry('failing_');
    let broken = true;
    registerConnectionPoolMetrics(failing, 'failing_', () => {
      if (broken) throw new Error('pool gone');
      return { open: 2, idle: 1, waiting: 0, max: 5 };
    });
    const own = await serveMetrics(failing, { port: 0, host: '127.0.0.1', portVariable: 'X' });
    try {
      const failed = await fetch(own.url);
      expect(failed.status).toBe(500);
      expect(await failed.text()).toContain('pool gone');

      broken = false;
      const text = await (await fetch(own.url)).text();
      expect(text).toMatch(/^failing_db_pool_connections 2$/m);
      expect(text).toMatch(/^failing_db_pool_idle_connections 1$/m);
      expect(text).toMatch(/^failing_db_pool_waiting_requests 0$/m);
      expect(text).toMatch(/^failing_db_pool_max_connections 5$/m);
    } finally {
      await own.close();
    }
  });

  it('stops at once, cutting off a scrape in progress', async () => {
    const stuck = createMetricsRegistry('stuck_');
    let collecting: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (collecting = resolve));
    new Gauge({
      name: 'stuck_never_collected',
      help: 'A collector that never returns.',
      registers: [stuck],
      collect: () => {
        collecting();
        return new Promise<void>(() => undefined);
      },
    });
    const own = await serveMetrics(stuck, { port: 0, host: '127.0.0.1', portVariable: 'X' });
    const scrape = fetch(own.url);
    await started;

    await own.close();
    await expect(scrape).rejects.toThrow();
    await expect(fetch(own.url)).rejects.toThrow();
  });
});
