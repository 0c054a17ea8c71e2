import { randomUUID } from 'node:crypto';
import { PrismaService } from '@publishing/db/nest';
import { createUnsubscribeToken, openPixelUrl, signedClickUrl } from '@publishing/templating';
import {
  expectProblem,
  insertChannel,
  insertPublication,
  insertSubscriber,
} from '@publishing/testing';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

const BUDGET = 3;
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};
/** A fresh client address from TEST-NET-3, one per call. */
let lastOctet = 0;
const newClient = () => `203.0.113.${++lastOctet}`;

describe('per-client limits of the routes without an API key', () => {
  describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    let testApp: TestApp;
    let db: PrismaService;
    beforeAll(async () => {
      testApp = await createTestApp({
        TRUST_PROXY: 'loopback',
        PUBLIC_LIMIT_PER_MINUTE: String(BUDGET),
        RATE_LIMIT_PER_MINUTE: String(BUDGET),
      });
      db = testApp.app.get(PrismaService);
    });
    afterAll(() => testApp.close());

    const get = (path: string, client: string) =>
      request(testApp.http).get(path).set('X-Forwarded-For', client);

    it('always answers the open pixel with its GIF; past the budget it only stops recording', async () => {
      const channel = await insertChannel(db);
      const publication = await insertPublication(db, { channelIds: [channel.id] });
      const pixel = pathOf(
        openPixelUrl(
          { apiBaseUrl: testApp.config.API_BASE_URL, signingSecret: '' },
          { publicationId: publication.id, channelId: channel.id },
        ),
      );
      const client = newClient();

      for (let load = 0; load < BUDGET + 5; load++) {
        const response = await get(pixel, client).expect(200);
        expect(response.headers['content-type']).toBe('image/gif');
        expect(response.body).toHaveLength(43);
      }

      expect(await db.analyticsEvent.count({ where: { publicationId: publication.id } })).toBe(
        BUDGET,
      );
    });

    it('keeps redirecting signed click links past the budget, recording only within it', async () => {
      const channel = await insertChannel(db);
      const publication = await insertPublication(db, { channelIds: [channel.id] });
      const link = pathOf(
        signedClickUrl(
          { apiBaseUrl: testApp.config.API_BASE_URL, signingSecret: testApp.config.SIGNING_SECRET },
          { publicationId: publication.id, channelId: channel.id, url: 'https://example.test/a' },
        ),
      );
      const client = newClient();

      for (let click = 0; click < BUDGET + 3; click++) {
        await get(link, client).expect(302).expect('Location', 'https://example.test/a');
      }

      expect(
        await db.analyticsEvent.count({
          where: { publicationId: publication.id, metricType: 'click' },
        }),
      ).toBe(BUDGET);
    });

    it('gives every client behind the proxy its own budget for the unsubscribe page', async () => {
      const subscriber = await insertSubscriber(db);
      const token = createUnsubscribeToken(testApp.config.SIGNING_SECRET, {
        subscriberId: subscriber.id,
        publicationId: randomUUID(),
      });
      const page = `/api/v1/unsubscribe?token=${encodeURIComponent(token)}`;
      const busy = newClient();

      for (let visit = 0; visit < BUDGET; visit++) await get(page, busy).expect(200);
      const refused = await get(page, busy);

      expectProblem(refused, 429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Other recipients behind the same proxy are not affected.
      await get(page, newClient()).expect(200);
      await get(page, newClient()).expect(200);
    });

    it('counts the client the trusted proxies name, whatever the client put before it', async () => {
      const client = newClient();
      for (let attempt = 0; attempt < BUDGET; attempt++) {
        await get('/health/live', `198.51.100.${attempt}, ${client}`).expect(200);
      }

      expectProblem(await get('/health/live', `192.0.2.77, ${client}`), 429);
    });

    it('counts IPv6 clients per /64', async () => {
      for (let host = 1; host <= BUDGET; host++) {
        await get('/health/live', `2001:db8:1:2::${host}`).expect(200);
      }

      expectProblem(await get('/health/live', '2001:db8:1:2:ffff::9'), 429);
      await get('/health/live', '2001:db8:1:3::1').expect(200);
    });

    it('does not spend an API key budget on public routes, nor a public budget on keyed routes', async () => {
      const client = newClient();
      for (let attempt = 0; attempt < BUDGET; attempt++) {
        await get('/health/live', client).expect(200);
      }

      await get('/api/v1/', client).set(testApp.auth).expect(200);
    });
  });

  describe('without TRUST_PROXY', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await createTestApp({ PUBLIC_LIMIT_PER_MINUTE: String(BUDGET) });
    });
    afterAll(() => testApp.close());

    it('ignores X-Forwarded-For: a client cannot pick a fresh address per request', async () => {
      for (let attempt = 0; attempt < BUDGET; attempt++) {
        await request(testApp.http)
          .get('/health/live')
          .set('X-Forwarded-For', newClient())
          .expect(200);
      }

      expectProblem(
        await request(testApp.http).get('/health/live').set('X-Forwarded-For', newClient()),
        429,
      );
    });
  });
});
