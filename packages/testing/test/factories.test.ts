import { createPrismaClient, type PrismaClient } from '@publishing/db';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import {
  insertAlert,
  insertAnalyticsEvents,
  insertChannel,
  insertDeliveries,
  insertPublication,
  insertSubscriber,
  insertSubscribers,
  insertTemplate,
} from '../src/index';

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrismaClient(database.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('row factories', () => {
  it('write rows with unique names and emails on every call, so defaults never collide', async () => {
    const channels = await Promise.all([insertChannel(db), insertChannel(db), insertChannel(db)]);
    const subscribers = [
      await insertSubscriber(db),
      await insertSubscriber(db),
      ...(await insertSubscribers(db, 3)),
    ];
    const templates = [await insertTemplate(db), await insertTemplate(db)];

    expect(new Set(channels.map((channel) => channel.name)).size).toBe(3);
    expect(new Set(subscribers.map((subscriber) => subscriber.email.toLowerCase())).size).toBe(5);
    expect(new Set(templates.map((template) => template.name)).size).toBe(2);
    expect(channels[0]).toMatchObject({ channelType: 'email', isActive: true });
    expect(templates[0]).toMatchObject({
      templateType: 'slack',
      contentStructure: { text: 'Hello' },
    });
  });

  it('subscribe a subscriber to channels, in the statuses given', async () => {
    const [active, paused, left] = await Promise.all([
      insertChannel(db, { channelType: 'webhook', configuration: { url: 'http://127.0.0.1:9/x' } }),
      insertChannel(db),
      insertChannel(db),
    ]);
    const subscriber = await insertSubscriber(db, {
      subscriptionStatus: 'paused',
      channelIds: [active.id],
      subscriptions: [
        { channelId: paused.id, status: 'paused' },
        { channelId: left.id, status: 'unsubscribed' },
      ],
    });

    const rows = await db.subscriberChannel.findMany({ where: { subscriberId: subscriber.id } });
    expect(subscriber.subscriptionStatus).toBe('paused');
    expect(Object.fromEntries(rows.map((row) => [row.channelId, row.status]))).toEqual({
      [active.id]: 'active',
      [paused.id]: 'paused',
      [left.id]: 'unsubscribed',
    });
  });

  it('write a publication due now on its channels, and the rows that hang off it', async () => {
    const before = Date.now();
    const channel = await insertChannel(db);
    const publication = await insertPublication(db, { channelIds: [channel.id] });
    const [sent, failed] = await insertSubscribers(db, 2);

    await insertDeliveries(db, publication, channel, [
      { subscriber: sent!, status: 'sent' },
      { subscriber: failed!, status: 'failed' },
    ]);
    const events = await insertAnalyticsEvents(db, [
      { publication, channel, subscriber: sent!, metric: 'open' },
      { publication, metric: 'click' },
    ]);
    const alert = await insertAlert(db, { targetChannels: [channel.id], status: 'sent' });

    expect(publication).toMatchObject({ status: 'scheduled', publicationType: 'newsletter' });
    expect(publication.scheduledTime.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(publication.scheduledTime.getTime()).toBeLessThanOrEqual(Date.now());
    expect(
      await db.publicationChannel.findMany({ where: { publicationId: publication.id } }),
    ).toEqual([{ publicationId: publication.id, channelId: channel.id, position: 0 }]);
    expect(
      (await db.delivery.findMany({ where: { publicationId: publication.id } }))
        .map((delivery) => [delivery.subscriberId, delivery.status])
        .sort(),
    ).toEqual(
      [
        [sent!.id, 'sent'],
        [failed!.id, 'failed'],
      ].sort(),
    );
    expect(events.map((event) => [event.metricType, event.channelType, event.metricValue])).toEqual(
      [
        ['open', 'email', 1],
        ['click', 'unknown', 1],
      ],
    );
    expect(alert).toMatchObject({ targetChannels: [channel.id], status: 'sent', priority: 'high' });
  });
});
