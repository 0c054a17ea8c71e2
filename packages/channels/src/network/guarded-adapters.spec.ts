import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
} from 'node:net';
import { DeliveryError, type DeliveryContext } from '../channel-adapter';
import { EmailAdapter } from '../email-adapter';
import { HttpClient } from '../http-post';
import type { Resolver } from './guarded-lookup';

/** Resolves every name to the loopback address: a stand-in for DNS pointing a name inward. */
const toLoopback: Resolver = (_hostname, _options, callback) =>
  callback(null, [{ address: '127.0.0.1', family: 4 }]);

const PUBLIC_ONLY = { allowPrivateTargets: false };
const PRIVATE_ALLOWED = { allowPrivateTargets: true };

async function failureOf(send: Promise<unknown>): Promise<DeliveryError> {
  try {
    await send;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('expected the send to fail');
}

async function listening<T extends Server | TcpServer>(server: T): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('HTTP sends under the target policy', () => {
  const requests: IncomingMessage[] = [];
  const server = createHttpServer((request, response) => {
    requests.push(request);
    request.resume();
    if (request.url === '/redirect') {
      response.writeHead(302, { location: '/elsewhere' }).end();
    } else response.end('ok');
  });
  let port = 0;

  beforeAll(async () => {
    port = await listening(server);
  });
  afterAll(() => server.close());
  beforeEach(() => (requests.length = 0));

  it.each(['localhost', '127.0.0.1', '[::ffff:127.0.0.1]', '0x7f.1', '2130706433'])(
    'refuses http://%s before connecting, as a permanent failure',
    async (host) => {
      const http = new HttpClient(PUBLIC_ONLY);
      const failure = await failureOf(http.postJson(`http://${host}:${port}/hook`, '{}', {}, 2000));
      http.close();
      expect(failure).toMatchObject({ kind: 'permanent', reason: 'target_not_allowed' });
      expect(failure.message).toMatch(/is an address that is not public \((localhost|loopback)\)/);
      expect(requests).toHaveLength(0);
    },
  );

  it('refuses a name that resolves to a private address, after the lookup', async () => {
    const http = new HttpClient(PUBLIC_ONLY, toLoopback);
    const failure = await failureOf(
      http.postJson(`http://hooks.example.test:${port}/hook`, '{}', {}, 2000),
    );
    http.close();
    expect(failure).toMatchObject({ kind: 'permanent', reason: 'target_not_allowed' });
    expect(failure.message).toMatch(
      /^hooks\.example\.test resolves to an address that is not public \(loopback\)/,
    );
    expect(requests).toHaveLength(0);
  });

  it('connects to the address it checked, keeping the name in the Host header', async () => {
    const http = new HttpClient(PRIVATE_ALLOWED, toLoopback);
    const answer = await http.postJson(`http://hooks.example.test:${port}/hook`, '{}', {}, 2000);
    http.close();
    expect(answer.status).toBe(200);
    expect(requests.map((request) => request.headers.host)).toEqual([`hooks.example.test:${port}`]);
  });

  it('does not follow redirects', async () => {
    const http = new HttpClient(PRIVATE_ALLOWED);
    const failure = await failureOf(
      http.postJson(`http://127.0.0.1:${port}/redirect`, '{}', {}, 2000),
    );
    http.close();
    expect(failure).toMatchObject({ kind: 'permanent', reason: 'http_302', statusCode: 302 });
    expect(requests.map((request) => request.url)).toEqual(['/redirect']);
  });
});

describe('SMTP sends under the target policy', () => {
  let connections = 0;
  const messages: string[] = [];
  const server = createTcpServer((socket) => {
    connections += 1;
    let buffer = '';
    let data: string | undefined;
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== undefined) {
          if (line === '.') {
            messages.push(data);
            data = undefined;
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
        } else if (/^DATA/i.test(line)) {
          data = '';
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write(/^(EHLO|HELO)/i.test(line) ? '250 sink\r\n' : '250 ok\r\n');
      }
    });
  });
  let port = 0;

  beforeAll(async () => {
    port = await listening(server);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    connections = 0;
    messages.length = 0;
  });

  const context = (smtpHost: string): DeliveryContext => ({
    deliveryId: 'delivery-1',
    attempt: 1,
    channel: {
      id: 'channel-1',
      name: 'mail',
      type: 'email',
      configuration: { smtp_host: smtpHost, smtp_port: port, from_email: 'news@example.test' },
    },
    subscriber: { id: 'subscriber-1', email: 'reader@example.test' },
    message: { channelType: 'email', subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' },
    timeoutMs: 2000,
  });

  const adapter = (policy: { allowPrivateTargets: boolean }, resolve?: Resolver) =>
    new EmailAdapter({ maxConnections: 1, timeoutMs: 2000, policy, resolve });

  it.each(['localhost', '127.0.0.1', '::1', '2130706433'])(
    'refuses the SMTP host %s before connecting, as a permanent failure',
    async (host) => {
      const email = adapter(PUBLIC_ONLY);
      const failure = await failureOf(email.send(context(host)));
      email.close();
      expect(failure).toMatchObject({ kind: 'permanent', reason: 'target_not_allowed' });
      expect(connections).toBe(0);
    },
  );

  it('refuses an SMTP host name that resolves to a private address', async () => {
    const email = adapter(PUBLIC_ONLY, toLoopback);
    const failure = await failureOf(email.send(context('smtp.example.test')));
    email.close();
    expect(failure).toMatchObject({ kind: 'permanent', reason: 'target_not_allowed' });
    expect(failure.message).toMatch(
      /^smtp\.example\.test resolves to an address that is not public/,
    );
    expect(connections).toBe(0);
  });

  it('keeps a host that does not resolve, or refuses connections, a transient network error', async () => {
    const unresolvable: Resolver = (hostname, _options, callback) =>
      callback(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
        [],
      );
    const closed = createTcpServer();
    const closedPort = await listening(closed);
    await new Promise((resolve) => closed.close(resolve));

    const email = adapter(PRIVATE_ALLOWED, unresolvable);
    const notFound = await failureOf(email.send(context('smtp.example.test')));
    const refused = await failureOf(
      email.send({
        ...context('127.0.0.1'),
        channel: {
          ...context('127.0.0.1').channel,
          id: 'channel-2',
          configuration: {
            smtp_host: '127.0.0.1',
            smtp_port: closedPort,
            from_email: 'news@example.test',
          },
        },
      }),
    );
    email.close();
    expect(notFound).toMatchObject({ kind: 'transient', reason: 'network_error' });
    expect(refused).toMatchObject({ kind: 'transient', reason: 'network_error' });
    expect(refused.message).toMatch(/ECONNREFUSED/);
  });

  it('delivers over the connection it opened to the checked address', async () => {
    const email = adapter(PRIVATE_ALLOWED, toLoopback);
    await email.send(context('smtp.example.test'));
    email.close();
    expect(connections).toBe(1);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('Subject: Hello');
  });
});
