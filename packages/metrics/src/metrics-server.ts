import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export const METRICS_PATH = '/metrics';

export interface MetricsServerOptions {
  /** 0: any free port (tests); the apps' settings use 0 to mean "off" and never get here. */
  port: number;
  /** Unset: every interface, as Node listens by default. */
  host?: string;
  /** The variable that sets `port`, named in the error when the port cannot be used. */
  portVariable: string;
}

export interface MetricsServer {
  /** Where a scraper on this machine reaches it, e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  readonly port: number;
  /** Stops at once: a scrape in progress is cut off (the next one goes to the next process). */
  close(): Promise<void>;
}

export class MetricsServerError extends Error {
  override readonly name = 'MetricsServerError';
}

/**
 * Serves `registry` in Prometheus's text format at `GET /metrics`, on a port of its own: nothing
 * else of the app is reachable there, and none of its middleware (authentication, rate limits,
 * allowed hosts) applies. Anything else answers 404, another method 405.
 */
export async function serveMetrics(
  registry: Registry,
  options: MetricsServerOptions,
): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    void answer(registry, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host ?? '*'}:${options.port}`;
      reject(
        new MetricsServerError(
          `Cannot serve metrics on ${where}: ${error.code ?? error.message}. → Set ${options.portVariable} to a free port, or to 0 to turn metrics off.`,
        ),
      );
    });
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${reachableHost(address)}:${address.port}${METRICS_PATH}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(
  registry: Registry,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== METRICS_PATH) {
    plain(response, 404, `Not found: metrics are at ${METRICS_PATH}.\n`);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    plain(response, 405, `${request.method} is not allowed on ${METRICS_PATH}; use GET.\n`);
    return;
  }
  let body: string;
  try {
    body = await registry.metrics();
  } catch (error) {
    plain(response, 500, `Collecting metrics failed: ${(error as Error).message}\n`);
    return;
  }
  response.writeHead(200, {
    'Content-Type': registry.contentType,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

/** The address a local client uses: the loopback one when bound to every interface. */
function reachableHost({ address, family }: AddressInfo): string {
  if (address === '::' || address === '0.0.0.0') return '127.0.0.1';
  return family === 'IPv6' ? `[${address}]` : address;
}
