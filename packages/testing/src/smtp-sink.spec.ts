import { createTransport, type Transporter } from 'nodemailer';
import { SmtpSink } from './smtp-sink';

describe('SmtpSink', () => {
  const sink = new SmtpSink();
  let transport: Transporter;
  beforeAll(async () => {
    await sink.start();
    transport = createTransport({ host: sink.host, port: sink.port, ignoreTLS: true });
  });
  afterAll(async () => {
    transport.close();
    await sink.stop();
  });
  afterEach(() => {
    sink.rejectRecipient = () => false;
    sink.replyDelayMs = 0;
  });

  it('parses a message nodemailer sent: envelope, decoded subject and parts, raw headers', async () => {
    const longLine = `Grüße, ${'a long line that quoted-printable has to fold '.repeat(4)}= done`;
    await transport.sendMail({
      from: '"Publishing News" <news@publishing.test>',
      to: 'ada@example.com',
      subject: 'Grüße from the publishing service',
      text: longLine,
      html: `<p>${longLine}</p>`,
      headers: { 'X-Publishing-Delivery': 'delivery-1' },
      list: { unsubscribe: 'https://publishing.test/unsubscribe?token=t' },
    });

    const [mail] = sink.to('ada@example.com');
    expect(mail?.envelopeFrom).toBe('news@publishing.test');
    expect(mail?.envelopeTo).toEqual(['ada@example.com']);
    expect(mail?.parsed.subject).toBe('Grüße from the publishing service');
    expect(mail?.parsed.text?.trim()).toBe(longLine);
    expect(mail?.parsed.html).toBe(`<p>${longLine}</p>`);
    expect(mail?.header('X-Publishing-Delivery')).toBe('delivery-1');
    expect(mail?.header('from')).toBe('Publishing News <news@publishing.test>');
    expect(mail?.header('list-unsubscribe')).toBe('<https://publishing.test/unsubscribe?token=t>');
    expect(mail?.header('subject')).toMatch(/^=\?UTF-8\?/);
    expect(mail?.header('x-not-sent')).toBeUndefined();
  });

  it('refuses the recipients rejectRecipient matches with 550 and keeps the message for the others', async () => {
    sink.rejectRecipient = (address) => address.startsWith('gone-');

    const info = await transport.sendMail({
      from: 'news@publishing.test',
      to: ['gone-1@example.com', 'bob@example.com'],
      subject: 'Hello',
      text: 'Hello',
    });

    expect(info.rejected).toEqual(['gone-1@example.com']);
    expect(info.accepted).toEqual(['bob@example.com']);
    expect(sink.to('bob@example.com')[0]?.envelopeTo).toEqual(['bob@example.com']);
    await expect(
      transport.sendMail({ from: 'news@publishing.test', to: 'gone-2@example.com', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(sink.to('gone-2@example.com')).toEqual([]);
  });

  it('holds its answers to MAIL FROM, RCPT TO and the message replyDelayMs each, like a distant server', async () => {
    sink.replyDelayMs = 100;
    const started = performance.now();
    await transport.sendMail({ from: 'news@publishing.test', to: 'far@example.com', text: 'x' });

    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 100 - 5);
    expect(sink.to('far@example.com')).toHaveLength(1);
  });

  it('gives the email channel configuration that points at it', () => {
    expect(sink.channelConfiguration('news@publishing.test')).toEqual({
      smtp_host: '127.0.0.1',
      smtp_port: sink.port,
      from_email: 'news@publishing.test',
    });
  });
});
