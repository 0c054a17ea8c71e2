import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The whole message with quoted-printable soft breaks and escapes undone. */
  text: string;
  /** Header values as sent (unfolded), keyed by lower-case name. */
  header(name: string): string | undefined;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package, no TLS, no auth) that keeps every
 * message it accepts. Enough MIME for assertions on ASCII content, without a mail parser.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // The API keeps pooled connections open: do not wait 30 s for them on close.
      closeTimeout: 200,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const headerBlock = raw.slice(0, raw.search(/\r?\n\r?\n/));
          const headers = new Map<string, string>();
          for (const line of headerBlock.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
            const colon = line.indexOf(':');
            if (colon > 0)
              headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
          }
          this.received.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
            text: raw
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/g, (_, hex: string) =>
                String.fromCharCode(parseInt(hex, 16)),
              ),
            header: (name) => headers.get(name.toLowerCase()),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** Channel configuration pointing at this server. */
  configuration(fromEmail: string): { smtp_host: string; smtp_port: number; from_email: string } {
    return { smtp_host: '127.0.0.1', smtp_port: this.port, from_email: fromEmail };
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.envelopeTo.includes(address));
  }

  stop(): Promise<void> {
    return new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
