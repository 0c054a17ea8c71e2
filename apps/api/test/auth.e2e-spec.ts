import request from 'supertest';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { createTestApp, type TestApp } from './support/test-app';

describe('API keys', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => testApp.close());

  it('refuses a request without a key with a 401 problem', async () => {
    const response = await request(testApp.http).get('/api/v1/').expect(401);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toContain('Bearer');
    expect(response.body).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      instance: '/api/v1/',
    });
  });

  it('accepts a key as a bearer token or in X-API-Key, and refuses a revoked or forged one', async () => {
    const keys = testApp.app.get(ApiKeysService);
    const { key, prefix } = await keys.create('revocable');

    await request(testApp.http).get('/api/v1/').set('X-API-Key', key).expect(200);
    await request(testApp.http).get('/api/v1/').set('Authorization', `Bearer ${key}`).expect(200);
    await request(testApp.http)
      .get('/api/v1/')
      .set('X-API-Key', `${key.slice(0, -4)}AAAA`)
      .expect(401);

    expect(await keys.revoke(prefix)).toBe(true);
    await request(testApp.http).get('/api/v1/').set('X-API-Key', key).expect(401);
  });

  it('stores only a hash of the key', async () => {
    const keys = testApp.app.get(ApiKeysService);
    const { key } = await keys.create('hashed');
    const rows = (await keys.list()) as unknown as Record<string, unknown>[];

    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('limits requests per key with a 429 problem and Retry-After', async () => {
    const { key } = await testApp.app.get(ApiKeysService).create('busy client');
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let attempt = 0; attempt < 6; attempt++) {
      last = await request(testApp.http).get('/api/v1/').set('X-API-Key', key);
      statuses.push(last.status);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
  });

  it("tells a key's client its limit, what is left of it and when its window ends", async () => {
    const { key } = await testApp.app.get(ApiKeysService).create('counting client');
    const first = await request(testApp.http).get('/api/v1/').set('X-API-Key', key).expect(200);
    const second = await request(testApp.http).get('/api/v1/').set('X-API-Key', key).expect(200);

    expect(first.headers['x-ratelimit-limit']).toBe('5');
    expect(first.headers['x-ratelimit-remaining']).toBe('4');
    expect(second.headers['x-ratelimit-remaining']).toBe('3');
    expect(Number(second.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect(Number(second.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
  });

  it('gives each key one budget across all routes, not one per route', async () => {
    const keys = testApp.app.get(ApiKeysService);
    const { key } = await keys.create('spread over routes');
    const { key: otherKey } = await keys.create('another client');
    const paths = [
      '/api/v1/channels',
      '/api/v1/subscribers',
      '/api/v1/publications',
      '/api/v1/analytics/engagement',
      '/api/v1/',
      '/api/v1/dashboard/overview',
      '/api/v1/channels',
    ];
    const statuses: number[] = [];
    for (const path of paths) {
      statuses.push((await request(testApp.http).get(path).set('X-API-Key', key)).status);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Another key has its own budget.
    await request(testApp.http).get('/api/v1/channels').set('X-API-Key', otherKey).expect(200);
  });
});
