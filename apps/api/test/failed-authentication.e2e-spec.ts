import { randomBytes } from 'node:crypto';
import { expectProblem } from '@publishing/testing';
import request from 'supertest';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { createTestApp, type TestApp } from './support/test-app';

const LIMIT = 3;
/** Well-formed (`pk_<prefix>_<secret>`), so only a database lookup could tell it is unknown. */
const unknownKey = () =>
  `pk_${randomBytes(6).toString('hex').slice(0, 8)}_${randomBytes(32).toString('base64url')}`;
let lastOctet = 0;
const newClient = () => `203.0.113.${++lastOctet}`;

describe('failed API keys, limited per client address', () => {
  let testApp: TestApp;
  let keys: ApiKeysService;
  let lookups: jest.SpyInstance;
  beforeAll(async () => {
    testApp = await createTestApp({
      TRUST_PROXY: 'loopback',
      AUTH_FAILURES_PER_MINUTE: String(LIMIT),
    });
    keys = testApp.app.get(ApiKeysService);
    // Calls through: counts how often the guard asks for a key to be looked up.
    lookups = jest.spyOn(keys, 'authenticate');
  });
  afterEach(() => lookups.mockClear());
  afterAll(() => testApp.close());

  const get = (client: string, key: string) =>
    request(testApp.http)
      .get('/api/v1/channels')
      .set('X-Forwarded-For', client)
      .set('X-API-Key', key);

  it('refuses a client after too many unknown keys with a 429 problem, before any lookup', async () => {
    const client = newClient();
    for (let attempt = 0; attempt < LIMIT; attempt++) {
      expectProblem(await get(client, unknownKey()), 401);
    }
    expect(lookups).toHaveBeenCalledTimes(LIMIT);

    const refused = await get(client, unknownKey());

    expectProblem(refused, 429);
    expect(refused.body.detail).toMatch(/invalid API keys/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(lookups).toHaveBeenCalledTimes(LIMIT);
  });

  it('refuses even a valid key from that client until its minute is over; other clients go on', async () => {
    const { key } = await keys.create('valid, from a blocked address');
    const client = newClient();
    for (let attempt = 0; attempt < LIMIT; attempt++) await get(client, unknownKey());
    lookups.mockClear();

    expectProblem(await get(client, key), 429);
    expect(lookups).not.toHaveBeenCalled();
    await get(newClient(), key).expect(200);
  });

  it('counts malformed keys as failures', async () => {
    const client = newClient();
    for (const key of ['nope', 'pk_short_x', `Bearer ${'A'.repeat(60)}`]) {
      expectProblem(await get(client, key), 401);
    }

    expectProblem(await get(client, unknownKey()), 429);
  });

  it('lets no more than the limit of concurrent guesses reach a lookup', async () => {
    const client = newClient();

    const answers = await Promise.all(Array.from({ length: 10 }, () => get(client, unknownKey())));

    expect(lookups.mock.calls.length).toBeLessThanOrEqual(LIMIT);
    expect(answers.filter((answer) => answer.status === 429).length).toBeGreaterThanOrEqual(
      10 - LIMIT,
    );
  });

  it('does not count a missing key or successful requests', async () => {
    const client = newClient();
    for (let attempt = 0; attempt < LIMIT + 2; attempt++) {
      expectProblem(
        await request(testApp.http).get('/api/v1/channels').set('X-Forwarded-For', client),
        401,
      );
      await get(client, testApp.auth.Authorization.slice('Bearer '.length)).expect(200);
    }
  });
});
