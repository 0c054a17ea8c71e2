import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  parsed: ParsedMail;
  /** Header values as sent (unfolded), keyed by lower-case name. */
  header(name: string): string | undefined;
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package, no TLS, no auth required) that
 * parses and keeps every message it accepts. `rejectRecipient` scripts a 5xx for some addresses.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  rejectRecipient: (address: string) => boolean = () => false;
  private server: SMTPServer | undefined;
  private port = 0;
  private readonly parsing = new Set<Promise<void>>();

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo: (address, _session, callback) => {
        if (this.rejectRecipient(address.address)) {
          const error = new Error('5.1.1 mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const parsing = simpleParser(stream).then(
          (parsed) => {
            const headers = new Map<string, string>();
            for (const { key, line } of parsed.headerLines) {
              const value = line
                .slice(line.indexOf(':') + 1)
                .replace(/\r?\n[ \t]+/g, ' ')
                .trim();
              headers.set(key.toLowerCase(), value);
            }
            this.received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
              parsed,
              header: (name) => headers.get(name.toLowerCase()),
            });
            callback();
          },
          (error: Error) => callback(error),
        );
        this.parsing.add(parsing);
        void parsing.finally(() => this.parsing.delete(parsing));
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get host(): string {
    return '127.0.0.1';
  }

  get portNumber(): number {
    return this.port;
  }

  async stop(): Promise<void> {
    await Promise.all(this.parsing);
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
