import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DeliveryError, type DeliveryContext } from './channel-adapter';
import { EmailAdapter } from './email-adapter';

/**
 * A bare SMTP server that takes a message and then, the first time, drops the connection
 * instead of answering: the message arrived, the sender never learns it. Counts the messages.
 */
class ConnectionDroppingSmtpServer {
  messages = 0;
  private readonly server: Server = createServer((socket) => this.converse(socket));

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private converse(socket: Socket): void {
    let buffer = '';
    let inData = false;
    socket.write('220 sink ESMTP\r\n');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          this.messages += 1;
          if (this.messages === 1) {
            socket.end();
            return;
          }
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const command = buffer.slice(0, newline).toUpperCase();
        buffer = buffer.slice(newline + 2);
        if (command.startsWith('EHLO')) socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (command.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (command.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  }
}

describe('EmailAdapter', () => {
  const server = new ConnectionDroppingSmtpServer();
  let port = 0;

  beforeAll(async () => {
    port = await server.start();
  });

  afterAll(() => server.stop());

  it('never sends a message again by itself when the connection drops after the message went out: the send fails as transient and the worker decides', async () => {
    const email = new EmailAdapter({
      maxConnections: 1,
      timeoutMs: 5000,
      policy: { allowPrivateTargets: true },
    });
    const context: DeliveryContext = {
      deliveryId: 'delivery-1',
      attempt: 1,
      channel: {
        id: 'channel-1',
        name: 'mail',
        type: 'email',
        configuration: { smtp_host: '127.0.0.1', smtp_port: port, from_email: 'news@example.test' },
      },
      subscriber: { id: 'subscriber-1', email: 'reader@example.test' },
      message: { channelType: 'email', subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' },
      timeoutMs: 5000,
    };
    let failure: unknown;
    try {
      await email.send(context);
    } catch (error) {
      failure = error;
    }
    // nodemailer's pool re-queues a message over a new connection only when none of its bytes
    // went out; a re-queue after the message was sent would reach the receiver twice while the
    // worker counts one send.
    await new Promise((resolve) => setTimeout(resolve, 500));
    email.close();
    expect(server.messages).toBe(1);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ kind: 'transient', reason: 'network_error' });
  });
});
