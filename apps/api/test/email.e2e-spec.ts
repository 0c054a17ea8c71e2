import { SmtpSink, expectProblem, unusedPort } from '@publishing/testing';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

const FROM = 'news@example.test';
const validMessage = {
  to_email: 'reader@example.test',
  subject: 'Hello',
  custom_message: 'Testing the sender.',
};

describe('email without a provider', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('reports that no sender is configured, and what to set', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/email/status')
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data).toEqual({
      provider: 'smtp',
      configured: false,
      ready: false,
      sender: null,
      host: null,
      port: null,
      secure: false,
      authenticated: false,
      detail: 'No email provider configured: set SMTP_HOST and SMTP_FROM.',
    });
  });

  it('answers a test send with a 503 problem that says nothing was sent', async () => {
    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send(validMessage);

    expectProblem(response, 503);
    expect(response.body).not.toHaveProperty('data');
    expect(response.body).toMatchObject({
      title: 'Service Unavailable',
      detail: 'No email provider configured: set SMTP_HOST and SMTP_FROM. Nothing was sent.',
    });
  });

  it.each([
    ['no to_email', { subject: 'x' }, 'to_email'],
    ['an invalid to_email', { to_email: 'not an email' }, 'to_email'],
    ['a subject that is not text', { to_email: 'a@example.test', subject: 42 }, 'subject'],
    ['a huge subject', { to_email: 'a@example.test', subject: 'x'.repeat(201) }, 'subject'],
  ])('refuses %s with a 422 naming the field', async (_case, body, field) => {
    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send(body);

    expectProblem(response, 422, field);
  });

  it.each([
    ['get', '/api/v1/email/status'],
    ['post', '/api/v1/email/test'],
  ] as const)('refuses %s %s without an API key (401 problem)', async (method, path) => {
    const response = await request(testApp.http)[method](path).send(validMessage);
    expectProblem(response, 401);
  });
});

describe('email through SMTP (a real SMTP server)', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  beforeAll(async () => {
    await smtp.start();
    testApp = await createTestApp({
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: FROM,
    });
  });
  afterAll(async () => {
    await testApp.close();
    await smtp.stop();
  });
  afterEach(() => {
    smtp.rejectRecipient = () => false;
  });

  it('reports the sender it sends through', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/email/status')
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data).toEqual({
      provider: 'smtp',
      configured: true,
      ready: true,
      sender: FROM,
      host: smtp.host,
      port: smtp.port,
      secure: false,
      authenticated: false,
      detail: expect.stringContaining(`${smtp.host}:${smtp.port}`),
    });
  });

  it('sends the test email and answers the legacy shape with its message id', async () => {
    const to = 'reader-1@example.test';
    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send({ ...validMessage, to_email: to })
      .expect(200);

    expect(response.body.data).toEqual({
      status: 'sent',
      message_id: expect.stringMatching(/^<email-test-[0-9a-f-]+@example\.test>$/),
      to_email: to,
      subject: 'Hello',
      provider: 'smtp',
      error: null,
    });
    const received = smtp.to(to);
    expect(received, 'one message reached the SMTP server').toHaveLength(1);
    const { parsed, envelopeFrom } = received[0]!;
    expect(envelopeFrom).toBe(FROM);
    expect(parsed.subject).toBe('Hello');
    expect(parsed.from?.value).toEqual([{ address: FROM, name: '' }]);
    expect(parsed.text?.trim()).toBe('Testing the sender.');
    expect(parsed.html).toContain('<p>Testing the sender.</p>');
    expect(parsed.messageId).toBe(response.body.data.message_id);
  });

  it('sends a default subject and message when none is given', async () => {
    const to = 'reader-2@example.test';
    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send({ to_email: to })
      .expect(200);

    expect(response.body.data).toMatchObject({
      status: 'sent',
      subject: 'Test email from the publishing service',
    });
    expect(smtp.to(to)[0]?.parsed.subject).toBe('Test email from the publishing service');
    expect(smtp.to(to)[0]?.parsed.text).toMatch(/test email from the publishing service/);
  });

  it('answers a recipient the server refuses with the legacy failed shape, not a 5xx', async () => {
    const to = 'refused@example.test';
    smtp.rejectRecipient = (address) => address === to;

    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send({ ...validMessage, to_email: to })
      .expect(200);

    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body.data).toEqual({
      status: 'failed',
      message_id: null,
      to_email: to,
      subject: 'Hello',
      provider: 'smtp',
      error: expect.stringMatching(/refused the message: .*550/),
    });
    expect(response.body.data.error).not.toMatch(/\n\s+at /);
    expect(smtp.to(to)).toEqual([]);
  });

  it('refuses with 422 an address the sender cannot put in an envelope, before any SMTP', async () => {
    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send({ to_email: '"john doe"@example.test' });

    expectProblem(response, 422, 'to_email');
    expect(response.body.detail).toMatch(/Nothing was sent\.$/);
    expect(
      smtp.received.filter((mail) => mail.envelopeTo.includes('"john doe"@example.test')),
    ).toEqual([]);
  });
});

describe('email with credentials, through a server that cannot be reached', () => {
  const PASSWORD = 'smtp-password-hunter2';
  let testApp: TestApp;
  let port: number;
  beforeAll(async () => {
    port = await unusedPort();
    testApp = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_USER: 'mailer-account',
      SMTP_PASSWORD: PASSWORD,
      SMTP_FROM: FROM,
    });
  });
  afterAll(() => testApp.close());

  it('reports that it authenticates, never the user name or password', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/email/status')
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data).toMatchObject({ configured: true, authenticated: true, port });
    expect(response.text).not.toContain(PASSWORD);
    expect(response.text).not.toContain('mailer-account');
  });

  it('answers the failed shape when the server does not answer, without echoing secrets', async () => {
    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send(validMessage)
      .expect(200);

    expect(response.body.data).toMatchObject({
      status: 'failed',
      message_id: null,
      error: expect.stringMatching(/SMTP connection failed/),
    });
    expect(response.text).not.toContain(PASSWORD);
  });
});
