import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

describe('body size, CORS and allowed hosts', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({
      BODY_LIMIT: '1kb',
      CORS_ORIGINS: 'https://app.example',
      ALLOWED_HOSTS: '127.0.0.1,localhost',
    });
  });
  afterAll(() => testApp.close());

  it('answers a body over the limit with a 413 problem', async () => {
    const response = await request(testApp.http)
      .post('/api/v1/channels')
      .set(testApp.auth)
      .send({ name: 'x'.repeat(2000), channel_type: 'webhook' })
      .expect(413);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await request(testApp.http)
      .post('/api/v1/channels')
      .set(testApp.auth)
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);

    expect(response.body).toMatchObject({
      status: 400,
      detail: 'The request body is not valid JSON.',
    });
  });

  it('allows configured origins only, with credentials', async () => {
    const allowed = await request(testApp.http)
      .get('/health/live')
      .set('Origin', 'https://app.example');
    const other = await request(testApp.http)
      .get('/health/live')
      .set('Origin', 'https://evil.example');

    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses an unlisted Host header with a 400 problem', async () => {
    const response = await request(testApp.http)
      .get('/health/live')
      .set('Host', 'attacker.example')
      .expect(400);

    expect(response.body).toMatchObject({
      status: 400,
      detail: 'Host "attacker.example" is not allowed.',
    });
  });
});

describe('CORS with "*"', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ CORS_ORIGINS: '*' });
  });
  afterAll(() => testApp.close());

  it('never allows credentials with a wildcard origin', async () => {
    const response = await request(testApp.http)
      .get('/health/live')
      .set('Origin', 'https://any.example');

    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('hostile bodies', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('answers a body nested thousands of levels deep with a 422 problem, not a 500', async () => {
    const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
    const response = await request(testApp.http)
      .post('/api/v1/channels')
      .set(testApp.auth)
      .set('Content-Type', 'application/json')
      .send(`{"name":"deep","channel_type":"rss","configuration":${deep}}`)
      .expect(422);

    expect(response.body.errors).toEqual([{ field: 'body', message: 'is nested too deeply' }]);
  });
});
