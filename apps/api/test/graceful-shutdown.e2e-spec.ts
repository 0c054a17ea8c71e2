import { withServerConnection } from '@publishing/db/postgres';
import { Agent, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopGracefully } from '../src/graceful-shutdown';
import { channelInput } from './factories/channels';
import { createTestApp, type TestApp } from './support/test-app';

describe('graceful shutdown', () => {
  let testApp: TestApp;
  // Connections kept open by the client, as a proxy's pool keeps them.
  const pool = new Agent({ keepAlive: true });
  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    pool.destroy();
    await testApp.database.drop();
  });

  /** Sessions the application holds on its database. */
  const sessionsOf = (name: string) =>
    withServerConnection(testApp.database.url, async (client) => {
      const result = await client.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      return (result.rows[0] as { n: number }).n;
    });

  it('refuses new connections, finishes the request in flight, then closes the database pool', async () => {
    const server = testApp.app.getHttpServer() as Server;
    // Never timed out by the server either: once its response is sent, only the server closing the
    // connection lets the shutdown finish.
    server.keepAliveTimeout = 0;
    const { port } = server.address() as AddressInfo;
    const body = JSON.stringify(channelInput({ channel_type: 'rss', configuration: {} }));
    const received = new Promise<void>((resolve) => server.once('request', () => resolve()));
    const inFlight = httpRequest({
      agent: pool,
      port,
      method: 'POST',
      path: '/api/v1/channels',
      headers: {
        ...testApp.auth,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    const response = new Promise<{ status?: number; body: string }>((resolve, reject) => {
      inFlight.on('response', (message: IncomingMessage) => {
        let text = '';
        message.on('data', (chunk: Buffer) => (text += chunk.toString()));
        message.on('end', () => resolve({ status: message.statusCode, body: text }));
      });
      inFlight.on('error', reject);
    });
    inFlight.write(body.slice(0, 10));
    await received;

    const stopped = stopGracefully(testApp.app);
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    inFlight.end(body.slice(10));

    const answer = await response;
    expect(answer.status, answer.body).toBe(201);
    await stopped;
    expect(server.listening).toBe(false);
    // Nest's own order closes the pool first; the request then opens another that stays open.
    expect(await sessionsOf(testApp.database.name)).toBe(0);
  });
});
