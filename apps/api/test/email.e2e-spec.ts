import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

const validMessage = {
  to_email: 'reader@example.test',
  subject: 'Hello',
  custom_message: 'Testing',
};

/** No answer of POST /email/test may look like a send that happened. */
function expectNothingSent(response: request.Response) {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).not.toHaveProperty('data');
  expect(response.body.detail).toMatch(/nothing was sent/i);
}

describe('email without a provider', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('reports its status honestly (never a 500)', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/email/status')
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data).toEqual({
      provider: 'smtp',
      configured: false,
      sender: null,
      ready: false,
      detail: expect.stringContaining('SMTP_HOST'),
    });
  });

  it('answers a test send with a 503 problem and does not claim a send', async () => {
    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send(validMessage)
      .expect(503);

    expectNothingSent(response);
    expect(response.body).toMatchObject({
      status: 503,
      title: 'Service Unavailable',
      instance: '/api/v1/email/test',
    });
    expect(response.body.detail).toMatch(/no email provider configured/i);
  });

  it.each([
    ['no to_email', { subject: 'x' }, 'to_email'],
    ['an invalid to_email', { to_email: 'not an email' }, 'to_email'],
    ['a subject that is not text', { to_email: 'a@example.test', subject: 42 }, 'subject'],
    ['a huge subject', { to_email: 'a@example.test', subject: 'x'.repeat(201) }, 'subject'],
    ['an unknown field', { to_email: 'a@example.test', cc: 'b@example.test' }, 'cc'],
  ])('refuses %s with a 422 naming the field', async (_case, body, field) => {
    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send(body)
      .expect(422);

    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it.each([
    ['get', '/api/v1/email/status'],
    ['post', '/api/v1/email/test'],
  ] as const)('refuses %s %s without an API key (401 problem)', async (method, path) => {
    const response = await request(testApp.http)[method](path).send(validMessage).expect(401);
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });
});

describe('email with SMTP configured but no sender in this build', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({
      SMTP_HOST: 'smtp.example.test',
      SMTP_FROM: 'news@example.test',
    });
  });
  afterAll(() => testApp.close());

  it('reports configured but not ready', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/email/status')
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data).toMatchObject({
      provider: 'smtp',
      configured: true,
      sender: 'news@example.test',
      ready: false,
    });
  });

  it('answers a test send with a 501 problem and does not claim a send', async () => {
    const response = await request(testApp.http)
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send(validMessage)
      .expect(501);

    expectNothingSent(response);
    expect(response.body).toMatchObject({ status: 501, title: 'Not Implemented' });
  });
});
