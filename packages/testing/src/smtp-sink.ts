import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The message as mailparser reads it: subject, text, html, addresses, decoded headers. */
  parsed: ParsedMail;
  /** A header's value as sent (unfolded, not decoded), by case-insensitive name. */
  header(name: string): string | undefined;
}

/** The part of an email channel's configuration that points it at a sink (a JSON object). */
export type SmtpSinkChannelConfiguration = {
  smtp_host: string;
  smtp_port: number;
  from_email: string;
};

const HOST = '127.0.0.1';

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package, no TLS, no authentication) that
 * parses every message it accepts with mailparser and keeps it. `rejectRecipient` answers 550 to
 * the addresses it matches; `replyDelayMs` holds its answers to MAIL FROM, RCPT TO and each
 * message that long, like a server that far away.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Messages accepted, kept or not. */
  accepted = 0;
  /**
   * `false`: messages are counted, neither parsed nor kept (a benchmark's sink, where parsing
   * each message would take more CPU than sending it).
   */
  keepMessages = true;
  rejectRecipient: (address: string) => boolean = () => false;
  replyDelayMs = 0;
  /** The most SMTP connections that were open at once. */
  peakConnections = 0;
  private openConnections = 0;
  private server: SMTPServer | undefined;
  private readonly parsing = new Set<Promise<void>>();

  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      // Senders keep pooled connections open: do not wait the default 30 s for them on close.
      closeTimeout: 200,
      onConnect: (_session, callback) => {
        this.openConnections += 1;
        this.peakConnections = Math.max(this.peakConnections, this.openConnections);
        callback();
      },
      onClose: () => {
        this.openConnections -= 1;
      },
      onMailFrom: (_address, _session, callback) => this.reply(() => callback()),
      onRcptTo: (address, _session, callback) => {
        if (this.rejectRecipient(address.address)) {
          this.reply(() =>
            callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 })),
          );
        } else {
          this.reply(() => callback());
        }
      },
      onData: (stream, session, callback) => {
        if (!this.keepMessages) {
          stream.on('end', () => {
            this.accepted += 1;
            this.reply(() => callback());
          });
          stream.resume();
          return;
        }
        const parsing = simpleParser(stream).then(
          (parsed) => {
            this.received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
              parsed,
              header: headerReader(parsed),
            });
            this.accepted += 1;
            this.reply(() => callback());
          },
          (error: Error) => this.reply(() => callback(error)),
        );
        this.parsing.add(parsing);
        void parsing.finally(() => this.parsing.delete(parsing));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, HOST, () => resolve()));
    this.server = server;
    return this;
  }

  private reply(answer: () => void): void {
    if (this.replyDelayMs > 0) setTimeout(answer, this.replyDelayMs);
    else answer();
  }

  get host(): string {
    return HOST;
  }

  get port(): number {
    if (!this.server) throw new Error('SmtpSink.port needs a started sink: await start() first.');
    return (this.server.server.address() as AddressInfo).port;
  }

  /** An email channel's configuration sending through this sink from `fromEmail`. */
  channelConfiguration(fromEmail: string): SmtpSinkChannelConfiguration {
    return { smtp_host: this.host, smtp_port: this.port, from_email: fromEmail };
  }

  /** The messages whose envelope names `address` as a recipient. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.envelopeTo.includes(address));
  }

  async stop(): Promise<void> {
    await Promise.all(this.parsing);
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }
}

function headerReader(parsed: ParsedMail): (name: string) => string | undefined {
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers.set(key.toLowerCase(), value);
  }
  return (name) => headers.get(name.toLowerCase());
}
