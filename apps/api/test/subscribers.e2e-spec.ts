import { PrismaService } from '@publishing/db/nest';
import { insertDeliveries, insertPublication, uniqueEmail } from '@publishing/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createChannel } from './factories/channels';
import { createSubscriber, subscriberInput, type SubscriberJson } from './factories/subscribers';
import { createTestApp, type TestApp } from './support/test-app';

const SUBSCRIBERS = '/api/v1/subscribers';

describe('subscribers', () => {
  let testApp: TestApp;
  let prisma: PrismaService;
  beforeAll(async () => {
    testApp = await createTestApp();
    prisma = testApp.app.get(PrismaService);
  });
  afterAll(() => testApp.close());

  const api = () => request(testApp.http);
  const fieldsOf = (response: request.Response): string[] =>
    (response.body.errors ?? []).map((error: { field: string }) => error.field);
  const idsOf = (response: request.Response): string[] =>
    response.body.data.subscribers.map((subscriber: SubscriberJson) => subscriber.id);

  it('refuses requests without an API key with a 401 problem', async () => {
    const response = await api().get(SUBSCRIBERS).expect(401);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    await api().post(SUBSCRIBERS).send(subscriberInput()).expect(401);
  });

  describe('POST /subscribers', () => {
    it('creates an active subscriber with defaults and answers 201', async () => {
      const email = uniqueEmail();
      const response = await api().post(SUBSCRIBERS).set(testApp.auth).send({ email }).expect(201);

      expect(response.body).toMatchObject({
        data: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          user_id: null,
          email,
          subscription_status: 'active',
          preferred_channels: [],
          preferred_channel_types: [],
          topic_interests: {},
          frequency_settings: {},
          personalization_data: {},
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
        errors: [],
      });
    });

    it('subscribes to the preferred channels and keeps every field', async () => {
      const [first, second] = [await createChannel(testApp), await createChannel(testApp)];
      const userId = randomUUID();
      const input = subscriberInput({
        user_id: userId,
        preferred_channels: [first.id, second.id, first.id.toUpperCase()],
        preferred_channel_types: ['email', 'slack', 'email'],
        topic_interests: { technology: 0.8, finance: 0 },
        frequency_settings: { digest: 'weekly' },
        personalization_data: { first_name: 'Ada' },
      });

      const response = await api().post(SUBSCRIBERS).set(testApp.auth).send(input).expect(201);

      expect(response.body.data).toMatchObject({
        user_id: userId,
        preferred_channels: expect.arrayContaining([first.id, second.id]),
        preferred_channel_types: ['email', 'slack'],
        topic_interests: { technology: 0.8, finance: 0 },
        frequency_settings: { digest: 'weekly' },
        personalization_data: { first_name: 'Ada' },
      });
      expect(response.body.data.preferred_channels).toHaveLength(2);
      const rows = await prisma.subscriberChannel.findMany({
        where: { subscriberId: response.body.data.id },
      });
      expect(rows.map((row) => row.status)).toEqual(['active', 'active']);
    });

    it('names the invalid, missing and unknown fields in a 422 problem', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{}, 'email'],
        [{ email: 'not-an-email' }, 'email'],
        [{ email: `${'a'.repeat(250)}@example.com` }, 'email'],
        [{ email: uniqueEmail(), user_id: 'user-1' }, 'user_id'],
        [{ email: uniqueEmail(), preferred_channels: ['nope'] }, 'preferred_channels'],
        [{ email: uniqueEmail(), preferred_channels: 'x' }, 'preferred_channels'],
        [{ email: uniqueEmail(), preferred_channel_types: ['fax'] }, 'preferred_channel_types'],
        [{ email: uniqueEmail(), topic_interests: { ai: 1.5 } }, 'topic_interests'],
        [{ email: uniqueEmail(), topic_interests: { ai: 'high' } }, 'topic_interests'],
        [{ email: uniqueEmail(), frequency_settings: [] }, 'frequency_settings'],
        [
          { email: uniqueEmail(), personalization_data: { note: 'a\u0000b' } },
          'personalization_data.note',
        ],
        [{ email: uniqueEmail(), status: 'active' }, 'status'],
      ];
      for (const [body, field] of cases) {
        const response = await api().post(SUBSCRIBERS).set(testApp.auth).send(body);

        expect(response.status, JSON.stringify(body)).toBe(422);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(fieldsOf(response), JSON.stringify(body)).toContain(field);
      }
    });

    it('answers 422 naming preferred_channels when a channel does not exist', async () => {
      const channel = await createChannel(testApp);
      const missing = randomUUID();
      const response = await api()
        .post(SUBSCRIBERS)
        .set(testApp.auth)
        .send(subscriberInput({ preferred_channels: [channel.id, missing] }))
        .expect(422);

      expect(response.body.errors).toEqual([
        { field: 'preferred_channels', message: expect.stringContaining(missing) },
      ]);
    });

    it('refuses an email that differs from an existing one only by case with a 409 naming email', async () => {
      const existing = await createSubscriber(testApp, { email: uniqueEmail('Case.Reader') });
      const response = await api()
        .post(SUBSCRIBERS)
        .set(testApp.auth)
        .send({ email: existing.email.toUpperCase() })
        .expect(409);

      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 409, title: 'Conflict' });
      expect(fieldsOf(response)).toEqual(['email']);
      expect(response.body.detail).toContain('email');
    });
  });

  describe('GET /subscribers', () => {
    it('filters by status, email (case-insensitive) and channel, newest first, with a total', async () => {
      const channel = await createChannel(testApp);
      const token = `list${randomUUID().slice(0, 8)}`;
      const first = await createSubscriber(testApp, {
        email: uniqueEmail(`${token}-a`),
        preferred_channels: [channel.id],
      });
      const second = await createSubscriber(testApp, { email: uniqueEmail(`${token}-b`) });
      const third = await createSubscriber(testApp, {
        email: uniqueEmail(`${token}-c`),
        preferred_channels: [channel.id],
      });
      await api().post(`${SUBSCRIBERS}/${second.id}/unsubscribe`).set(testApp.auth).expect(200);

      const byEmail = await api()
        .get(SUBSCRIBERS)
        .query({ email: token.toUpperCase() })
        .set(testApp.auth)
        .expect(200);
      expect(byEmail.body.data).toMatchObject({ total_count: 3, limit: 50, offset: 0 });
      expect(idsOf(byEmail)).toEqual([third.id, second.id, first.id]);

      const unsubscribed = await api()
        .get(SUBSCRIBERS)
        .query({ email: token, status: 'unsubscribed' })
        .set(testApp.auth)
        .expect(200);
      expect(idsOf(unsubscribed)).toEqual([second.id]);

      const ofChannel = await api()
        .get(SUBSCRIBERS)
        .query({ channel_id: channel.id })
        .set(testApp.auth)
        .expect(200);
      expect(ofChannel.body.data.total_count).toBe(2);
      expect(idsOf(ofChannel)).toEqual([third.id, first.id]);
    });

    it('pages with limit and offset and keeps the total', async () => {
      const token = `page${randomUUID().slice(0, 8)}`;
      for (const suffix of ['a', 'b', 'c']) {
        await createSubscriber(testApp, { email: uniqueEmail(`${token}-${suffix}`) });
      }

      const page = await api()
        .get(SUBSCRIBERS)
        .query({ email: token, limit: 2, offset: 1 })
        .set(testApp.auth)
        .expect(200);

      expect(page.body.data).toMatchObject({ total_count: 3, limit: 2, offset: 1 });
      expect(page.body.data.subscribers).toHaveLength(2);
    });

    it('answers 422 naming the parameter for out-of-range or malformed query values', async () => {
      const cases: [Record<string, string | number>, string][] = [
        [{ limit: 0 }, 'limit'],
        [{ limit: 101 }, 'limit'],
        [{ offset: -5 }, 'offset'],
        [{ status: 'gone' }, 'status'],
        [{ channel_id: 'abc' }, 'channel_id'],
        [{ email: 'a\u0000b' }, 'email'],
        [{ page: 2 }, 'page'],
      ];
      for (const [query, field] of cases) {
        const response = await api().get(SUBSCRIBERS).query(query).set(testApp.auth);

        expect(response.status, JSON.stringify(query)).toBe(422);
        expect(fieldsOf(response)).toContain(field);
      }
    });
  });

  describe('GET /subscribers/:id', () => {
    it('answers the subscriber, 404 for an unknown id and 422 for a malformed one', async () => {
      const subscriber = await createSubscriber(testApp);
      const found = await api()
        .get(`${SUBSCRIBERS}/${subscriber.id}`)
        .set(testApp.auth)
        .expect(200);
      expect(found.body.data).toEqual(subscriber);

      const id = randomUUID();
      const missing = await api().get(`${SUBSCRIBERS}/${id}`).set(testApp.auth).expect(404);
      expect(missing.body).toMatchObject({
        title: 'Not Found',
        detail: `Subscriber ${id} not found.`,
      });

      const malformed = await api().get(`${SUBSCRIBERS}/42`).set(testApp.auth).expect(422);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });
  });

  describe('PUT and PATCH /subscribers/:id', () => {
    it('updates the fields sent and replaces the subscriptions with preferred_channels', async () => {
      const [kept, dropped, added] = [
        await createChannel(testApp),
        await createChannel(testApp),
        await createChannel(testApp),
      ];
      const subscriber = await createSubscriber(testApp, {
        user_id: randomUUID(),
        preferred_channels: [kept.id, dropped.id],
        topic_interests: { sport: 0.3 },
      });
      const email = uniqueEmail('changed');

      const updated = await api()
        .put(`${SUBSCRIBERS}/${subscriber.id}`)
        .set(testApp.auth)
        .send({
          email,
          user_id: null,
          subscription_status: 'paused',
          preferred_channels: [kept.id, added.id],
          preferred_channel_types: ['rss'],
        })
        .expect(200);

      expect(updated.body.data).toMatchObject({
        id: subscriber.id,
        email,
        user_id: null,
        subscription_status: 'paused',
        preferred_channel_types: ['rss'],
        topic_interests: { sport: 0.3 },
      });
      expect([...updated.body.data.preferred_channels].sort()).toEqual([kept.id, added.id].sort());

      const patched = await api()
        .patch(`${SUBSCRIBERS}/${subscriber.id}`)
        .set(testApp.auth)
        .send({ topic_interests: { sport: 1 } })
        .expect(200);
      expect(patched.body.data).toMatchObject({
        subscription_status: 'paused',
        topic_interests: { sport: 1 },
      });
      expect(patched.body.data.preferred_channels).toHaveLength(2);
    });

    it('refuses null for required fields, unknown channels and a taken email', async () => {
      const subscriber = await createSubscriber(testApp);
      const other = await createSubscriber(testApp);
      for (const [body, field] of [
        [{ email: null }, 'email'],
        [{ subscription_status: 'gone' }, 'subscription_status'],
        [{ preferred_channels: null }, 'preferred_channels'],
        [{ preferred_channels: [randomUUID()] }, 'preferred_channels'],
        [{ topic_interests: null }, 'topic_interests'],
        [{ id: randomUUID() }, 'id'],
      ] as const) {
        const response = await api()
          .put(`${SUBSCRIBERS}/${subscriber.id}`)
          .set(testApp.auth)
          .send(body)
          .expect(422);
        expect(fieldsOf(response), JSON.stringify(body)).toContain(field);
      }

      const taken = await api()
        .patch(`${SUBSCRIBERS}/${subscriber.id}`)
        .set(testApp.auth)
        .send({ email: other.email.toUpperCase() })
        .expect(409);
      expect(fieldsOf(taken)).toEqual(['email']);
    });

    it('answers 404 for an unknown subscriber', async () => {
      await api()
        .put(`${SUBSCRIBERS}/${randomUUID()}`)
        .set(testApp.auth)
        .send({ subscription_status: 'active' })
        .expect(404);
    });
  });

  describe('DELETE /subscribers/:id', () => {
    it('erases the subscriber with its subscriptions and deliveries, and anonymises its events', async () => {
      const channel = await createChannel(testApp);
      const userId = randomUUID();
      const subscriber = await createSubscriber(testApp, {
        user_id: userId,
        preferred_channels: [channel.id],
      });
      const publication = await insertPublication(prisma, {
        status: 'completed',
        channelIds: [channel.id],
      });
      await insertDeliveries(prisma, publication, channel, [{ subscriber, status: 'pending' }]);
      const event = await prisma.analyticsEvent.create({
        data: {
          publicationId: publication.id,
          channelId: channel.id,
          channelType: 'webhook',
          metricType: 'open',
          subscriberId: subscriber.id,
          userId,
        },
      });

      const response = await api()
        .delete(`${SUBSCRIBERS}/${subscriber.id}`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toEqual({ id: subscriber.id, deleted: true });
      await api().get(`${SUBSCRIBERS}/${subscriber.id}`).set(testApp.auth).expect(404);
      expect(await prisma.subscriberChannel.count({ where: { subscriberId: subscriber.id } })).toBe(
        0,
      );
      expect(await prisma.delivery.count({ where: { subscriberId: subscriber.id } })).toBe(0);
      expect(await prisma.analyticsEvent.findUnique({ where: { id: event.id } })).toMatchObject({
        subscriberId: null,
        userId: null,
      });
      await api().delete(`${SUBSCRIBERS}/${subscriber.id}`).set(testApp.auth).expect(404);
    });
  });

  describe('channel subscriptions', () => {
    it('lists, adds and removes the subscriptions of a subscriber', async () => {
      const [first, second] = [
        await createChannel(testApp),
        await createChannel(testApp, { channel_type: 'rss', configuration: {} }),
      ];
      const subscriber = await createSubscriber(testApp, { preferred_channels: [first.id] });
      const path = `${SUBSCRIBERS}/${subscriber.id}/channels`;

      const added = await api()
        .post(path)
        .set(testApp.auth)
        .send({ channel_id: second.id })
        .expect(201);
      expect(added.body.data).toMatchObject({
        subscriber_id: subscriber.id,
        channel_id: second.id,
        channel_name: second.name,
        channel_type: 'rss',
        status: 'active',
      });

      const listed = await api().get(path).set(testApp.auth).expect(200);
      expect(listed.body.data).toEqual({
        subscriber_id: subscriber.id,
        subscriptions: [
          {
            subscriber_id: subscriber.id,
            channel_id: first.id,
            channel_name: first.name,
            channel_type: 'webhook',
            channel_is_active: true,
            status: 'active',
            created_at: expect.any(String),
          },
          expect.objectContaining({ channel_id: second.id, channel_name: second.name }),
        ],
      });

      const removed = await api().delete(`${path}/${first.id}`).set(testApp.auth).expect(200);
      expect(removed.body.data).toEqual({
        subscriber_id: subscriber.id,
        channel_id: first.id,
        unsubscribed: true,
      });
      const after = await api()
        .get(`${SUBSCRIBERS}/${subscriber.id}`)
        .set(testApp.auth)
        .expect(200);
      expect(after.body.data.preferred_channels).toEqual([second.id]);
      await api().delete(`${path}/${first.id}`).set(testApp.auth).expect(404);
    });

    it('answers 409 when already subscribed, 422 for an unknown channel, 404 for an unknown subscriber', async () => {
      const channel = await createChannel(testApp);
      const subscriber = await createSubscriber(testApp, { preferred_channels: [channel.id] });
      const path = `${SUBSCRIBERS}/${subscriber.id}/channels`;

      const again = await api()
        .post(path)
        .set(testApp.auth)
        .send({ channel_id: channel.id })
        .expect(409);
      expect(again.body.detail).toContain(channel.id);

      const unknown = await api()
        .post(path)
        .set(testApp.auth)
        .send({ channel_id: randomUUID() })
        .expect(422);
      expect(fieldsOf(unknown)).toEqual(['channel_id']);

      const malformed = await api().post(path).set(testApp.auth).send({}).expect(422);
      expect(fieldsOf(malformed)).toContain('channel_id');

      const nobody = `${SUBSCRIBERS}/${randomUUID()}/channels`;
      await api().get(nobody).set(testApp.auth).expect(404);
      await api().post(nobody).set(testApp.auth).send({ channel_id: channel.id }).expect(404);
      await api().delete(`${nobody}/${channel.id}`).set(testApp.auth).expect(404);
      const badChannelId = await api().delete(`${path}/xyz`).set(testApp.auth).expect(422);
      expect(badChannelId.body.errors).toEqual([
        { field: 'channel_id', message: 'must be a UUID' },
      ]);
    });
  });

  describe('hostile input', () => {
    it('stores SQL metacharacters and unicode as plain text', async () => {
      for (const email of [
        uniqueEmail("o'brien+tag"),
        `ünïcødé-${randomUUID().slice(0, 8)}@exämple.com`,
      ]) {
        const created = await api().post(SUBSCRIBERS).set(testApp.auth).send({ email }).expect(201);
        expect(created.body.data.email).toBe(email);
      }
      const response = await api()
        .post(SUBSCRIBERS)
        .set(testApp.auth)
        .send({ email: uniqueEmail(), personalization_data: { bio: "'); DELETE FROM x; --" } })
        .expect(201);
      expect(response.body.data.personalization_data).toEqual({ bio: "'); DELETE FROM x; --" });
    });

    it('answers wrong types, huge values and unstorable text with a 4xx, never a 5xx', async () => {
      const bodies: unknown[] = [
        { email: `${'a'.repeat(100_000)}@example.com` },
        { email: ['a@example.com'] },
        {
          email: uniqueEmail(),
          preferred_channels: Array.from({ length: 101 }, () => randomUUID()),
        },
        {
          email: uniqueEmail(),
          topic_interests: Object.fromEntries(
            Array.from({ length: 300 }, (_, i) => [`t${i}`, 0.5]),
          ),
        },
        { email: uniqueEmail(), topic_interests: { ['\ud800']: 0.5 } },
        { email: uniqueEmail(), frequency_settings: { digest: 'lone \udc00 half' } },
        { email: uniqueEmail(), user_id: "1' OR '1'='1" },
      ];
      for (const body of bodies) {
        const response = await api()
          .post(SUBSCRIBERS)
          .set(testApp.auth)
          .send(body as object);
        expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      }
      for (const query of [
        'offset=99999999999999999999',
        'email=%00',
        'channel_id=%27%20OR%201%3D1',
      ]) {
        const response = await api().get(`${SUBSCRIBERS}?${query}`).set(testApp.auth);
        expect(response.status, query).toBe(422);
      }
    });
  });

  describe('POST /subscribers/:id/unsubscribe', () => {
    it('sets the status to unsubscribed, idempotently', async () => {
      const subscriber = await createSubscriber(testApp);
      const path = `${SUBSCRIBERS}/${subscriber.id}/unsubscribe`;

      const first = await api().post(path).set(testApp.auth).expect(200);
      expect(first.body.data).toMatchObject({
        id: subscriber.id,
        subscription_status: 'unsubscribed',
      });
      const second = await api().post(path).set(testApp.auth).expect(200);
      expect(second.body.data).toEqual(first.body.data);

      await api().post(`${SUBSCRIBERS}/${randomUUID()}/unsubscribe`).set(testApp.auth).expect(404);
    });
  });
});
