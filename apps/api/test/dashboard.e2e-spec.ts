import { PrismaService } from '@publishing/db/nest';
import request from 'supertest';
import {
  expectProblem,
  insertAlert,
  insertAnalyticsEvents,
  insertChannel,
  insertDeliveries,
  insertPublication,
  insertSubscriber,
} from '@publishing/testing';
import { createTestApp, type TestApp } from './support/test-app';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('GET /api/v1/dashboard/overview', () => {
  let testApp: TestApp;
  let db: PrismaService;
  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
  });
  afterAll(() => testApp.close());

  const overview = async () =>
    (await request(testApp.http).get('/api/v1/dashboard/overview').set(testApp.auth).expect(200))
      .body.data;

  it('answers zeros for every status and type on an empty database', async () => {
    const data = await overview();

    expect(data.channels).toEqual({
      total: 0,
      active: 0,
      by_type: {
        email: { total: 0, active: 0 },
        slack: { total: 0, active: 0 },
        discord: { total: 0, active: 0 },
        webhook: { total: 0, active: 0 },
        rss: { total: 0, active: 0 },
      },
    });
    expect(data.subscribers).toEqual({
      total: 0,
      by_status: { active: 0, paused: 0, unsubscribed: 0 },
    });
    expect(data.publications.scheduled_next_24h).toBe(0);
    expect(data.events_last_7_days.total).toBe(0);
    expect(data.deliveries.total).toBe(0);
    expect(data.alerts.total).toBe(0);
    expect(new Date(data.as_of).getTime()).not.toBeNaN();
  });

  it('counts the rows that were inserted', async () => {
    const now = Date.now();
    const [email1, , , slack] = await Promise.all([
      insertChannel(db, { channelType: 'email' }),
      insertChannel(db, { channelType: 'email' }),
      insertChannel(db, { channelType: 'email', isActive: false }),
      insertChannel(db, { channelType: 'slack' }),
      insertChannel(db, { channelType: 'webhook', isActive: false }),
    ]);
    const subscribers = await Promise.all([
      insertSubscriber(db),
      insertSubscriber(db),
      insertSubscriber(db),
      insertSubscriber(db, { subscriptionStatus: 'paused' }),
      insertSubscriber(db, { subscriptionStatus: 'unsubscribed' }),
      insertSubscriber(db, { subscriptionStatus: 'unsubscribed' }),
    ]);
    const at = (offset: number) => new Date(now + offset);
    const publications = await Promise.all([
      insertPublication(db, { status: 'scheduled', scheduledTime: at(2 * HOUR) }),
      insertPublication(db, { status: 'scheduled', scheduledTime: at(23 * HOUR) }),
      insertPublication(db, { status: 'scheduled', scheduledTime: at(25 * HOUR) }),
      insertPublication(db, { status: 'scheduled', scheduledTime: at(-HOUR) }),
      insertPublication(db, { status: 'processing', scheduledTime: at(HOUR) }),
      insertPublication(db, { status: 'completed', channelIds: [email1.id] }),
      insertPublication(db, { status: 'failed' }),
      insertPublication(db, { status: 'cancelled', scheduledTime: at(3 * HOUR) }),
    ]);
    const sent = publications[5];
    await insertAnalyticsEvents(db, [
      { publication: sent, metric: 'open' },
      { publication: sent, metric: 'open' },
      { publication: sent, metric: 'open', recordedAt: at(-6 * DAY) },
      { publication: sent, metric: 'click' },
      { publication: sent, metric: 'bounce', recordedAt: at(-2 * DAY) },
      { publication: sent, metric: 'open', recordedAt: at(-8 * DAY) },
      { publication: sent, metric: 'open', recordedAt: at(-8 * DAY) },
      { publication: sent, metric: 'complaint', recordedAt: at(-10 * DAY) },
    ]);
    await insertDeliveries(db, sent, email1, [
      { subscriber: subscribers[0], status: 'sent' },
      { subscriber: subscribers[1], status: 'sent' },
      { subscriber: subscribers[2], status: 'failed' },
      { subscriber: subscribers[3], status: 'pending' },
    ]);
    await insertAlert(db, { targetChannels: [slack.id] });
    await insertAlert(db, { targetChannels: [slack.id] });
    await insertAlert(db, { targetChannels: [slack.id], status: 'sent' });

    const data = await overview();

    expect(data.channels).toEqual({
      total: 5,
      active: 3,
      by_type: {
        email: { total: 3, active: 2 },
        slack: { total: 1, active: 1 },
        discord: { total: 0, active: 0 },
        webhook: { total: 1, active: 0 },
        rss: { total: 0, active: 0 },
      },
    });
    expect(data.subscribers).toEqual({
      total: 6,
      by_status: { active: 3, paused: 1, unsubscribed: 2 },
    });
    expect(data.publications).toEqual({
      total: 8,
      by_status: { scheduled: 4, processing: 1, completed: 1, failed: 1, cancelled: 1 },
      scheduled_next_24h: 2,
    });
    expect(data.events_last_7_days).toEqual({
      total: 5,
      by_metric: { open: 3, click: 1, unsubscribe: 0, bounce: 1, complaint: 0 },
    });
    expect(data.deliveries).toEqual({
      total: 4,
      by_status: { pending: 1, sending: 0, sent: 2, failed: 1, skipped: 0, cancelled: 0 },
    });
    expect(data.alerts).toEqual({ total: 3, by_status: { queued: 2, sent: 1, failed: 0 } });

    // And the same figures as counting the tables directly.
    expect(data.channels.total).toBe(await db.channel.count());
    expect(data.subscribers.total).toBe(await db.subscriber.count());
    expect(data.publications.total).toBe(await db.publication.count());
    expect(data.deliveries.total).toBe(await db.delivery.count());
  });

  it('refuses a request without an API key (401 problem)', async () => {
    expectProblem(await request(testApp.http).get('/api/v1/dashboard/overview'), 401);
  });
});

describe('GET /api/v1/ws', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('is a documented stub answering a 501 problem', async () => {
    const response = await request(testApp.http).get('/api/v1/ws').set(testApp.auth).expect(501);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: 'https://httpstatuses.com/501',
      title: 'Not Implemented',
      status: 501,
      instance: '/api/v1/ws',
    });
    expect(response.body.detail).toMatch(/no websocket/i);
    const openapi = await request(testApp.http).get('/api/v1/openapi.json').expect(200);
    expect(openapi.body.paths['/api/v1/ws'].get.responses).toHaveProperty('501');
  });

  it('needs an API key like every other route', async () => {
    await request(testApp.http).get('/api/v1/ws').expect(401);
  });
});
