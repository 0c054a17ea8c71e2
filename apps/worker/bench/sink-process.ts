import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@publishing/channels';

/**
 * The benchmark's webhook receiver, in its own process so it does not share the workers' event
 * loops: answers 204 (after `SINK_SLOW_MS` on paths starting with `/slow`), checks each
 * signature, and reports per path to its parent over IPC: requests, distinct deliveries, first
 * and last arrival, and the requests seen in each second of its clock.
 */
const secret = process.env.SINK_SIGNING_SECRET ?? '';
const slowMs = Number(process.env.SINK_SLOW_MS ?? 200);

interface PathStats {
  seen: Set<string>;
  requests: number;
  badSignatures: number;
  firstAt: number;
  lastAt: number;
  perSecond: Map<number, number>;
}

const paths = new Map<string, PathStats>();

function statsOf(path: string): PathStats {
  let stats = paths.get(path);
  if (!stats) {
    stats = {
      seen: new Set(),
      requests: 0,
      badSignatures: 0,
      firstAt: 0,
      lastAt: 0,
      perSecond: new Map(),
    };
    paths.set(path, stats);
  }
  return stats;
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const now = performance.timeOrigin + performance.now();
    const stats = statsOf(request.url ?? '/');
    stats.requests += 1;
    stats.firstAt ||= now;
    stats.lastAt = now;
    const second = Math.floor(now / 1000);
    stats.perSecond.set(second, (stats.perSecond.get(second) ?? 0) + 1);
    const id = request.headers['x-publishing-delivery'];
    if (typeof id === 'string') stats.seen.add(id);
    const signature = request.headers['x-publishing-signature'];
    if (
      !verifyWebhookSignature(
        secret,
        typeof signature === 'string' ? signature : undefined,
        Buffer.concat(chunks).toString('utf8'),
      )
    ) {
      stats.badSignatures += 1;
    }
    const answer = () => {
      response.writeHead(204);
      response.end();
    };
    if (request.url?.startsWith('/slow')) setTimeout(answer, slowMs);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});

process.on('message', (message: { type?: string; path?: string }) => {
  if (message.type === 'report') {
    const stats = statsOf(message.path ?? '/bench');
    process.send?.({
      type: 'report',
      requests: stats.requests,
      unique: stats.seen.size,
      badSignatures: stats.badSignatures,
      firstAt: stats.firstAt,
      lastAt: stats.lastAt,
      maxPerSecond: Math.max(0, ...stats.perSecond.values()),
      perSecond: [...stats.perSecond].sort(([a], [b]) => a - b).map(([, count]) => count),
    });
  } else if (message.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
