import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** The request target as sent: path and query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as received, as text (what a webhook signature covers). */
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export type SinkAnswer =
  | { status: number; headers?: Record<string, string>; body?: string; delayMs?: number }
  /** Never answer: the request stays open until the client gives up or the sink stops. */
  | { hang: true };

/** Decides the answer to the n-th request (1-based) to one path. */
export type Responder = (request: ReceivedRequest, count: number) => SinkAnswer;

const DEFAULT_ANSWER: SinkAnswer = { status: 200, body: 'ok' };

/**
 * A real HTTP server on 127.0.0.1 standing in for webhook, Slack and Discord endpoints: it records
 * every request and answers what the test scripted for its path (200 `ok` by default).
 */
export class HttpSink {
  readonly received: ReceivedRequest[] = [];
  private readonly responders = new Map<string, Responder>();
  private readonly counts = new Map<string, number>();
  private readonly delayedReplies = new Set<NodeJS.Timeout>();
  private server: Server | undefined;

  async start(): Promise<this> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const received: ReceivedRequest = {
          method: request.method ?? '',
          path: request.url ?? '/',
          headers: request.headers,
          body,
          json: parseJson(body),
        };
        this.received.push(received);
        const count = (this.counts.get(received.path) ?? 0) + 1;
        this.counts.set(received.path, count);
        const answer = this.responders.get(received.path)?.(received, count) ?? DEFAULT_ANSWER;
        if ('hang' in answer) return;
        const reply = () => {
          response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
          response.end(answer.body ?? '');
        };
        if (!answer.delayMs) {
          reply();
          return;
        }
        const timer = setTimeout(() => {
          this.delayedReplies.delete(timer);
          reply();
        }, answer.delayMs);
        this.delayedReplies.add(timer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this;
  }

  /** The absolute URL of `path` on this sink. */
  url(path = ''): string {
    if (!this.server) throw new Error('HttpSink.url() needs a started sink: await start() first.');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Scripts the answers to requests to `path` (exact match, query string included). */
  respond(path: string, responder: Responder): void {
    this.responders.set(path, responder);
  }

  requestsTo(path: string): ReceivedRequest[] {
    return this.received.filter((request) => request.path === path);
  }

  /** Stops at once, dropping open (hanging or delayed) requests. */
  async stop(): Promise<void> {
    for (const timer of this.delayedReplies) clearTimeout(timer);
    this.delayedReplies.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
