import { PrismaService } from '@publishing/db/nest';
import { createUnsubscribeToken } from '@publishing/templating';
import request from 'supertest';
import {
  expectProblem,
  insertChannel,
  insertPublication,
  insertSubscriber,
} from '@publishing/testing';
import { createTestApp, type TestApp } from './support/test-app';

describe('one-click unsubscribe links', () => {
  let testApp: TestApp;
  let db: PrismaService;
  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
  });
  afterAll(() => testApp.close());

  async function linkFor() {
    const channel = await insertChannel(db);
    const subscriber = await insertSubscriber(db);
    const publication = await insertPublication(db, { channelIds: [channel.id] });
    const token = createUnsubscribeToken(testApp.config.SIGNING_SECRET, {
      subscriberId: subscriber.id,
      publicationId: publication.id,
    });
    return {
      subscriber,
      publication,
      token,
      path: `/api/v1/unsubscribe?token=${encodeURIComponent(token)}`,
    };
  }

  const unsubscribeEvents = (publicationId: string) =>
    db.analyticsEvent.count({ where: { publicationId, metricType: 'unsubscribe' } });

  it('shows a confirmation page on GET without unsubscribing (link scanners prefetch)', async () => {
    const { subscriber, path } = await linkFor();

    const response = await request(testApp.http).get(path).expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<form method="post"');
    expect(response.text).not.toContain(subscriber.email);
    expect(
      (await db.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).subscriptionStatus,
    ).toBe('active');
  });

  it('unsubscribes on the RFC 8058 one-click POST, without an API key, once', async () => {
    const { subscriber, publication, path } = await linkFor();

    const first = await request(testApp.http)
      .post(path)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    const again = await request(testApp.http)
      .post(path)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);

    expect(first.body.data).toEqual({
      subscriber_id: subscriber.id,
      unsubscribed: true,
      already_unsubscribed: false,
    });
    expect(again.body.data.already_unsubscribed).toBe(true);
    expect(
      (await db.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).subscriptionStatus,
    ).toBe('unsubscribed');
    expect(await unsubscribeEvents(publication.id)).toBe(1);
  });

  it('answers the confirmation form of a browser with a page', async () => {
    const { path } = await linkFor();

    const response = await request(testApp.http)
      .post(path)
      .set('Accept', 'text/html')
      .type('form')
      .send('List-Unsubscribe=One-Click');

    expect(response.status).toBe(200);
    expect(response.text).toContain('you will not receive these emails any more');
  });

  it('rejects a tampered or foreign token with a 400 problem and changes nothing', async () => {
    const { subscriber, publication, token } = await linkFor();
    const other = await insertSubscriber(db);
    const [payload, signature] = token.split('.');
    const swapped = `${Buffer.from(other.id.replace(/-/g, ''), 'hex').toString('base64url')}${payload!.slice(22)}.${signature}`;
    const forged = createUnsubscribeToken('another-secret-that-is-long-enough!!', {
      subscriberId: subscriber.id,
    });

    for (const bad of [swapped, forged, 'garbage', '']) {
      expectProblem(
        await request(testApp.http).post(`/api/v1/unsubscribe?token=${encodeURIComponent(bad)}`),
        400,
      );
    }
    await request(testApp.http)
      .get(`/api/v1/unsubscribe?token=${encodeURIComponent(swapped)}`)
      .expect(400);
    for (const id of [subscriber.id, other.id]) {
      expect((await db.subscriber.findUniqueOrThrow({ where: { id } })).subscriptionStatus).toBe(
        'active',
      );
    }
    expect(await unsubscribeEvents(publication.id)).toBe(0);
  });
});
