import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@publishing/channels';

/**
 * The benchmark's webhook receiver, in its own process so it does not share the worker's event
 * loop: answers 204 at once, checks each signature, and reports counts to its parent over IPC.
 */
const secret = process.env.SINK_SIGNING_SECRET ?? '';
const seen = new Set<string>();
let requests = 0;
let badSignatures = 0;
let firstAt = 0;
let lastAt = 0;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const now = performance.timeOrigin + performance.now();
    requests += 1;
    firstAt ||= now;
    lastAt = now;
    const id = request.headers['x-publishing-delivery'];
    if (typeof id === 'string') seen.add(id);
    const signature = request.headers['x-publishing-signature'];
    if (
      !verifyWebhookSignature(
        secret,
        typeof signature === 'string' ? signature : undefined,
        Buffer.concat(chunks).toString('utf8'),
      )
    ) {
      badSignatures += 1;
    }
    response.writeHead(204);
    response.end();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});

process.on('message', (message: { type?: string }) => {
  if (message.type === 'report') {
    process.send?.({ type: 'report', requests, unique: seen.size, badSignatures, firstAt, lastAt });
  } else if (message.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
