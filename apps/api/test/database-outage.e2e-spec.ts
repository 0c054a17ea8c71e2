import { quoteIdentifier, withServerConnection } from '@publishing/db/postgres';
import { createTestDatabase, testDatabaseServer } from '@publishing/db/testing';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { expectProblem } from '@publishing/testing';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

/** What every data route answers while the database cannot be used. */
async function expectDatabaseUnavailable(testApp: TestApp, send: () => request.Test) {
  const response = await send().expect(503);
  expectProblem(response, 503);
  expect(response.headers['retry-after']).toBe('5');
  expect(response.body.detail).toBe(
    'The database is unavailable right now; retry after the time in Retry-After.',
  );
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.js:\d+|127\.0\.0\.1|postgres/i);
}

describe('while PostgreSQL refuses the API’s connections', () => {
  let testApp: TestApp;
  let channelId: string;
  const onServer = <T>(sql: string) =>
    withServerConnection(testDatabaseServer().serverUrl, (client) => client.query<T & object>(sql));

  beforeAll(async () => {
    testApp = await createTestApp();
    const created = await request(testApp.http)
      .post('/api/v1/channels')
      .set(testApp.auth)
      .send({ name: 'outage', channel_type: 'rss' })
      .expect(201);
    channelId = created.body.data.id;
    const name = quoteIdentifier(testApp.database.name);
    await onServer(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await onServer(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${testApp.database.name}'`,
    );
  });
  afterAll(() => testApp.close());

  it('answers reads and writes with a 503 problem and Retry-After, not a 500', async () => {
    await expectDatabaseUnavailable(testApp, () =>
      request(testApp.http).get('/api/v1/channels').set(testApp.auth),
    );
    await expectDatabaseUnavailable(testApp, () =>
      request(testApp.http).get(`/api/v1/channels/${channelId}`).set(testApp.auth),
    );
    await expectDatabaseUnavailable(testApp, () =>
      request(testApp.http)
        .post('/api/v1/channels')
        .set(testApp.auth)
        .send({ name: 'during the outage', channel_type: 'rss' }),
    );
  });

  it('is not ready, and claims nothing about migrations it could not read', async () => {
    const response = await request(testApp.http).get('/health/ready').expect(503);
    expectProblem(response, 503);
    expect(response.body.detail).toBe('Not ready: the database does not answer.');
    expect(response.body).not.toHaveProperty('migrations');
  });

  it('serves again as soon as the database accepts connections', async () => {
    await onServer(
      `ALTER DATABASE ${quoteIdentifier(testApp.database.name)} ALLOW_CONNECTIONS true`,
    );

    await request(testApp.http).get('/api/v1/channels').set(testApp.auth).expect(200);
    await request(testApp.http).get('/health/ready').expect(200);
  });
});

describe('when the PostgreSQL server goes away', () => {
  let relay: TcpRelay;
  let testApp: TestApp;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const target = new URL(database.url);
    relay = await startTcpRelay(target.hostname, Number(target.port || 5432));
    target.hostname = '127.0.0.1';
    target.port = String(relay.port);
    testApp = await createTestApp({}, { database: { ...database, url: target.toString() } });
    await request(testApp.http).get('/api/v1/channels').set(testApp.auth).expect(200);
    // The server vanishes: open connections are cut, and nothing listens on its port any more.
    await relay.close();
  });
  afterAll(() => testApp?.close());

  it('answers a data route with a 503 problem and Retry-After once nothing listens', async () => {
    await expectDatabaseUnavailable(testApp, () =>
      request(testApp.http).get('/api/v1/channels').set(testApp.auth),
    );
    await expectDatabaseUnavailable(testApp, () =>
      request(testApp.http)
        .post('/api/v1/subscribers')
        .set(testApp.auth)
        .send({ email: 'reader@example.com' }),
    );
  });

  it('is not ready', async () => {
    const response = await request(testApp.http).get('/health/ready').expect(503);
    expectProblem(response, 503);
  });
});

interface TcpRelay {
  port: number;
  close(): Promise<void>;
}

/** The database server as the API sees it, on a port of its own that can disappear at will. */
async function startTcpRelay(host: string, port: number): Promise<TcpRelay> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
