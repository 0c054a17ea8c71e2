import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { createTestApp, type TestApp } from './support/test-app';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes no HTTP client library would send, and reads the answer until the server closes. */
function sendRaw(port: number, bytes: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    // The server may close while the rest of an oversized request is still being written.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

function expectRawProblem(answer: RawAnswer, status: number, instance?: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  const body = JSON.parse(answer.body);
  expect(body).toMatchObject({
    type: `https://httpstatuses.com/${status}`,
    status,
    traceId: answer.headers['x-correlation-id'],
    detail: expect.any(String),
  });
  expect(body.instance).toBe(instance);
}

describe('requests the HTTP parser refuses', () => {
  let testApp: TestApp;
  let port: number;
  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.listen(0, '127.0.0.1');
    port = (testApp.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => testApp.close());

  it('answers a raw control character in a header with a 400 problem and a correlation id', async () => {
    const answer = await sendRaw(
      port,
      'GET /api/v1/channels?secret=1 HTTP/1.1\r\nHost: localhost\r\nX-Note: a\x01b\r\n\r\n',
    );

    expectRawProblem(answer, 400, '/api/v1/channels');
    expect(JSON.parse(answer.body).title).toBe('Bad Request');
  });

  it('answers a malformed request line with a 400 problem', async () => {
    const answer = await sendRaw(port, 'this is not http\r\n\r\n');

    expectRawProblem(answer, 400, undefined);
  });

  it('answers a malformed header line with a 400 problem', async () => {
    const answer = await sendRaw(
      port,
      'GET / HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n',
    );

    expectRawProblem(answer, 400, '/');
  });

  it('answers oversized headers with a 431 problem', async () => {
    const answer = await sendRaw(
      port,
      `GET /api/v1/ HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    );

    expectRawProblem(answer, 431, '/api/v1/');
    expect(JSON.parse(answer.body).title).toBe('Request Header Fields Too Large');
  });

  it('still serves well-formed requests on the same server', async () => {
    const answer = await sendRaw(
      port,
      'GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );

    expect(answer.status).toBe(200);
    expect(answer.headers['x-correlation-id']).toBeDefined();
  });
});
