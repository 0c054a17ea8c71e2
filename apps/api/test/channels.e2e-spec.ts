import { SIGNATURE_HEADER, verifyWebhookSignature } from '@publishing/channels';
import { PrismaService } from '@publishing/db/nest';
import {
  HttpSink,
  SmtpSink,
  expectProblem,
  insertPublication,
  uniqueName,
  unusedPort,
} from '@publishing/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { channelInput, createChannel, type ChannelJson } from './factories/channels';
import { createTestApp, type TestApp } from './support/test-app';

const CHANNELS = '/api/v1/channels';

describe('channels', () => {
  let testApp: TestApp;
  let prisma: PrismaService;
  beforeAll(async () => {
    testApp = await createTestApp();
    prisma = testApp.app.get(PrismaService);
  });
  afterAll(() => testApp.close());

  const api = () => request(testApp.http);

  /** A publication in `status` that uses the channel, written directly: publications are another resource. */
  const publicationUsing = (channelId: string, status: 'scheduled' | 'processing' | 'completed') =>
    insertPublication(prisma, { status, channelIds: [channelId] });

  it('refuses requests without an API key with a 401 problem', async () => {
    const response = await api().get(CHANNELS).expect(401);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized', instance: CHANNELS });
    await api().post(CHANNELS).send(channelInput()).expect(401);
  });

  describe('POST /channels', () => {
    it('creates a channel and answers 201 with the resource in the envelope', async () => {
      const input = channelInput({ channel_type: 'rss', configuration: { feed_title: 'News' } });
      const response = await api().post(CHANNELS).set(testApp.auth).send(input).expect(201);

      expect(response.body).toMatchObject({
        data: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          name: input.name,
          channel_type: 'rss',
          is_active: true,
          configuration: { feed_title: 'News' },
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
        meta: { request_id: response.headers['x-correlation-id'] },
        errors: [],
      });
    });

    it('defaults configuration to {} and is_active to true, and trims the name', async () => {
      const name = uniqueName();
      const response = await api()
        .post(CHANNELS)
        .set(testApp.auth)
        .send({ name: `  ${name} `, channel_type: 'email' })
        .expect(201);

      expect(response.body.data).toMatchObject({ name, configuration: {}, is_active: true });
    });

    it('names the missing and wrong fields in a 422 problem', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ channel_type: 'webhook', configuration: { url: 'https://x.test/h' } }, 'name'],
        [{ name: '', channel_type: 'rss' }, 'name'],
        [{ name: 'x'.repeat(101), channel_type: 'rss' }, 'name'],
        [{ name: 'nul\u0000byte', channel_type: 'rss' }, 'name'],
        [{ name: uniqueName(), channel_type: 'sms' }, 'channel_type'],
        [{ name: uniqueName() }, 'channel_type'],
        [{ name: uniqueName(), channel_type: 'rss', configuration: ['a'] }, 'configuration'],
        [{ name: uniqueName(), channel_type: 'rss', configuration: null }, 'configuration'],
        [{ name: uniqueName(), channel_type: 'rss', is_active: 'yes' }, 'is_active'],
      ];
      for (const [body, field] of cases) {
        const response = await api().post(CHANNELS).set(testApp.auth).send(body);

        expect(response.status, JSON.stringify(body)).toBe(422);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body.title).toBe('Unprocessable Entity');
        expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(
          field,
        );
      }
    });

    it('creates channels of every type without (or with partial) configuration, saying what they lack', async () => {
      const cases: [ChannelJson['channel_type'], Record<string, unknown> | undefined, string[]][] =
        [
          ['email', {}, ['configuration.smtp_host', 'configuration.from_email']],
          ['email', { smtp_host: 'mail.example.test' }, ['configuration.from_email']],
          ['webhook', undefined, ['configuration.url']],
          [
            'slack',
            { url: 'https://hooks.slack.com/services/T/B/X' },
            ['configuration.webhook_url'],
          ],
          ['discord', {}, ['configuration.webhook_url']],
          ['rss', {}, []],
          ['webhook', { url: 'https://hooks.example.test/in' }, []],
        ];
      for (const [channelType, configuration, missing] of cases) {
        const response = await api()
          .post(CHANNELS)
          .set(testApp.auth)
          .send({ name: uniqueName(), channel_type: channelType, configuration })
          .expect(201);

        expect(response.body.data, `${channelType} ${JSON.stringify(configuration)}`).toMatchObject(
          { configured: missing.length === 0, missing_configuration: missing },
        );
        const listed = await api().get(`${CHANNELS}/${response.body.data.id}`).set(testApp.auth);
        expect(listed.body.data.missing_configuration).toEqual(missing);
      }
    });

    it('validates the configuration values a channel sets, naming the field', async () => {
      const cases: [ChannelJson['channel_type'], Record<string, unknown>, string][] = [
        ['webhook', { url: 'ftp://files.test/hook' }, 'configuration.url'],
        [
          'webhook',
          { url: 'https://x.test/h', headers: { 'X-Key': 42 } },
          'configuration.headers.X-Key',
        ],
        ['discord', { webhook_url: 'not a url' }, 'configuration.webhook_url'],
        ['email', { from_email: 'not-an-email' }, 'configuration.from_email'],
        ['email', { smtp_port: 70000 }, 'configuration.smtp_port'],
      ];
      for (const [channelType, configuration, field] of cases) {
        const response = await api()
          .post(CHANNELS)
          .set(testApp.auth)
          .send(channelInput({ channel_type: channelType, configuration }))
          .expect(422);

        expect(response.body.errors, `${channelType} ${JSON.stringify(configuration)}`).toEqual([
          { field, message: expect.any(String) },
        ]);
        expect(response.body.detail).toContain(field);
      }
    });

    it('refuses a duplicate name with a 409 problem naming the name', async () => {
      const existing = await createChannel(testApp);
      const response = await api()
        .post(CHANNELS)
        .set(testApp.auth)
        .send(channelInput({ name: existing.name }))
        .expect(409);

      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        status: 409,
        title: 'Conflict',
        detail: `Channel with name '${existing.name}' already exists.`,
      });
    });
  });

  describe('GET /channels', () => {
    it('filters by type, activity and name (case-insensitive), newest first, with a total', async () => {
      const token = uniqueName('listed');
      const first = await createChannel(testApp, { name: `${token} alpha` });
      const second = await createChannel(testApp, {
        name: `${token} beta`,
        channel_type: 'rss',
        configuration: {},
      });
      const third = await createChannel(testApp, { name: `${token} gamma`, is_active: false });
      await createChannel(testApp);

      const all = await api()
        .get(CHANNELS)
        .query({ name: token.toUpperCase() })
        .set(testApp.auth)
        .expect(200);
      expect(all.body.data).toMatchObject({ total_count: 3, limit: 100, offset: 0 });
      expect(all.body.data.channels.map((channel: ChannelJson) => channel.id)).toEqual([
        third.id,
        second.id,
        first.id,
      ]);

      const webhooks = await api()
        .get(CHANNELS)
        .query({ name: token, channel_type: 'webhook' })
        .set(testApp.auth)
        .expect(200);
      expect(webhooks.body.data.total_count).toBe(2);

      const activeWebhooks = await api()
        .get(CHANNELS)
        .query({ name: token, channel_type: 'webhook', is_active: 'true' })
        .set(testApp.auth)
        .expect(200);
      expect(activeWebhooks.body.data.channels.map((c: ChannelJson) => c.id)).toEqual([first.id]);

      const inactive = await api()
        .get(CHANNELS)
        .query({ name: token, is_active: 'false' })
        .set(testApp.auth)
        .expect(200);
      expect(inactive.body.data.channels.map((c: ChannelJson) => c.id)).toEqual([third.id]);
    });

    it('pages with limit and offset and keeps the total', async () => {
      const token = uniqueName('paged');
      for (const suffix of ['a', 'b', 'c'])
        await createChannel(testApp, { name: `${token} ${suffix}` });

      const page = await api()
        .get(CHANNELS)
        .query({ name: token, limit: 2, offset: 2 })
        .set(testApp.auth)
        .expect(200);

      expect(page.body.data).toMatchObject({ total_count: 3, limit: 2, offset: 2 });
      expect(page.body.data.channels).toHaveLength(1);
      expect(page.body.data.channels[0].name).toBe(`${token} a`);
    });

    it('treats LIKE wildcards in the name filter as plain characters', async () => {
      const token = uniqueName('wild');
      await createChannel(testApp, { name: `${token} 100% sure` });
      await createChannel(testApp, { name: `${token} 1000 sure` });

      const response = await api()
        .get(CHANNELS)
        .query({ name: `${token} 100%` })
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data.total_count).toBe(1);
    });

    it('answers 422 naming the parameter for out-of-range or malformed query values', async () => {
      const cases: [Record<string, string | number>, string][] = [
        [{ limit: 0 }, 'limit'],
        [{ limit: 101 }, 'limit'],
        [{ limit: 'ten' }, 'limit'],
        [{ offset: -1 }, 'offset'],
        [{ channel_type: 'fax' }, 'channel_type'],
        [{ is_active: 'maybe' }, 'is_active'],
        [{ unknown: 'x' }, 'unknown'],
      ];
      for (const [query, field] of cases) {
        const response = await api().get(CHANNELS).query(query).set(testApp.auth);

        expect(response.status, JSON.stringify(query)).toBe(422);
        expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(
          field,
        );
      }
    });
  });

  describe('GET /channels/:id', () => {
    it('answers the channel', async () => {
      const channel = await createChannel(testApp);
      const response = await api().get(`${CHANNELS}/${channel.id}`).set(testApp.auth).expect(200);

      expect(response.body.data).toEqual(channel);
    });

    it('answers 404 for an unknown id and for a malformed one', async () => {
      const id = randomUUID();
      const missing = await api().get(`${CHANNELS}/${id}`).set(testApp.auth).expect(404);
      expect(missing.body).toMatchObject({
        title: 'Not Found',
        detail: `Channel ${id} not found.`,
        instance: `${CHANNELS}/${id}`,
      });

      const malformed = await api().get(`${CHANNELS}/not-a-uuid`).set(testApp.auth);
      expectProblem(malformed, 404);
      expect(malformed.body.detail).toBe('Nothing has this id: ids are UUIDs.');
    });
  });

  describe('PUT and PATCH /channels/:id', () => {
    it('updates only the fields sent', async () => {
      const channel = await createChannel(testApp);
      const name = uniqueName('renamed');
      const renamed = await api()
        .put(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .send({ name })
        .expect(200);
      expect(renamed.body.data).toMatchObject({ name, is_active: true, channel_type: 'webhook' });

      const deactivated = await api()
        .patch(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .send({ is_active: false })
        .expect(200);
      expect(deactivated.body.data).toMatchObject({ name, is_active: false });
    });

    it('validates the new configuration against the stored type', async () => {
      const channel = await createChannel(testApp, {
        channel_type: 'discord',
        configuration: { webhook_url: 'https://discord.test/api/webhooks/1/abcdefgh' },
      });
      const response = await api()
        .put(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .send({ configuration: { webhook_url: 'javascript:alert(1)' } })
        .expect(422);

      expect(response.body.errors).toEqual([
        { field: 'configuration.webhook_url', message: 'must be an http(s) URL' },
      ]);
    });

    it('refuses null, a type change and a taken name', async () => {
      const channel = await createChannel(testApp);
      const other = await createChannel(testApp);
      for (const [body, field] of [
        [{ name: null }, 'name'],
        [{ is_active: null }, 'is_active'],
        [{ configuration: null }, 'configuration'],
        [{ channel_type: 'rss' }, 'channel_type'],
      ] as const) {
        const response = await api()
          .put(`${CHANNELS}/${channel.id}`)
          .set(testApp.auth)
          .send(body)
          .expect(422);
        expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(
          field,
        );
      }

      await api()
        .put(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .send({ channel_type: channel.channel_type, is_active: true })
        .expect(200);

      const taken = await api()
        .patch(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .send({ name: other.name })
        .expect(409);
      expect(taken.body.detail).toBe(`Channel with name '${other.name}' already exists.`);
    });

    it('answers 404 for an unknown channel', async () => {
      await api()
        .put(`${CHANNELS}/${randomUUID()}`)
        .set(testApp.auth)
        .send({ is_active: true })
        .expect(404);
    });
  });

  describe('secrets in configuration', () => {
    const webhookUrl = 'https://hooks.slack.com/services/T0001/B0002/SeCrEtSlackToken9876';
    const botToken = 'xoxb-very-secret-bot-token-5432';
    const smtpPassword = 'smtp-password-1234567';

    it('masks secrets in every response and keeps them on an update that sends the mask back', async () => {
      const created = await api()
        .post(CHANNELS)
        .set(testApp.auth)
        .send(
          channelInput({
            channel_type: 'slack',
            configuration: {
              webhook_url: webhookUrl,
              bot_token: botToken,
              channel: '#releases',
              extra: { api_key: 'k-123', headers: { Authorization: 'Bearer abcdefghijklmnop' } },
            },
          }),
        )
        .expect(201);
      const id = created.body.data.id as string;
      const masked = {
        webhook_url: '****9876',
        bot_token: '****5432',
        channel: '#releases',
        extra: { api_key: '****', headers: { Authorization: '****mnop' } },
      };
      expect(created.body.data.configuration).toEqual(masked);

      const responses = [
        created,
        await api().get(`${CHANNELS}/${id}`).set(testApp.auth).expect(200),
        await api().get(CHANNELS).set(testApp.auth).expect(200),
        await api()
          .put(`${CHANNELS}/${id}`)
          .set(testApp.auth)
          .send({ configuration: { ...masked, channel: '#announcements' } })
          .expect(200),
        await api()
          .patch(`${CHANNELS}/${id}`)
          .set(testApp.auth)
          .send({ configuration: { ...masked, channel: '#general' } })
          .expect(200),
      ];
      for (const response of responses) {
        const text = JSON.stringify(response.body);
        for (const secret of [webhookUrl, botToken, 'k-123', 'abcdefghijklmnop']) {
          expect(text).not.toContain(secret);
        }
      }
      expect(responses[4]?.body.data.configuration).toEqual({ ...masked, channel: '#general' });

      const stored = await prisma.channel.findUniqueOrThrow({ where: { id } });
      expect(stored.configuration).toEqual({
        webhook_url: webhookUrl,
        bot_token: botToken,
        channel: '#general',
        extra: { api_key: 'k-123', headers: { Authorization: 'Bearer abcdefghijklmnop' } },
      });
    });

    it('replaces a secret sent in clear and refuses a mask that does not match the stored one', async () => {
      const channel = await createChannel(testApp, {
        channel_type: 'email',
        configuration: { from_email: 'news@example.com', smtp_password: smtpPassword },
      });
      expect(channel.configuration).toEqual({
        from_email: 'news@example.com',
        smtp_password: '****4567',
      });

      const stale = await api()
        .put(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .send({ configuration: { from_email: 'news@example.com', smtp_password: '****0000' } })
        .expect(422);
      expect(stale.body.errors).toEqual([
        { field: 'configuration.smtp_password', message: expect.stringContaining('masked') },
      ]);

      const rotated = await api()
        .put(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .send({
          configuration: { from_email: 'news@example.com', smtp_password: 'a-new-password-0001' },
        })
        .expect(200);
      expect(rotated.body.data.configuration.smtp_password).toBe('****0001');
      const stored = await prisma.channel.findUniqueOrThrow({ where: { id: channel.id } });
      expect(stored.configuration).toMatchObject({ smtp_password: 'a-new-password-0001' });
    });

    it('refuses a masked value on create, where there is no stored secret to keep', async () => {
      const response = await api()
        .post(CHANNELS)
        .set(testApp.auth)
        .send(channelInput({ channel_type: 'webhook', configuration: { url: '****abcd' } }))
        .expect(422);

      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(
        'configuration.url',
      );
    });
  });

  describe('DELETE /channels/:id', () => {
    it('deletes a channel no publication uses', async () => {
      const channel = await createChannel(testApp);
      const response = await api()
        .delete(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toEqual({ id: channel.id, deleted: true, deactivated: false });
      await api().get(`${CHANNELS}/${channel.id}`).set(testApp.auth).expect(404);
      await api().delete(`${CHANNELS}/${channel.id}`).set(testApp.auth).expect(404);
    });

    it('refuses with 409 naming the count while scheduled or processing publications use it', async () => {
      const channel = await createChannel(testApp);
      await publicationUsing(channel.id, 'scheduled');
      await publicationUsing(channel.id, 'processing');
      await publicationUsing(channel.id, 'completed');

      const response = await api()
        .delete(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .expect(409);

      expect(response.body).toMatchObject({ title: 'Conflict', status: 409 });
      expect(response.body.detail).toContain('used by 2 scheduled or processing publication(s)');
      await api().get(`${CHANNELS}/${channel.id}`).set(testApp.auth).expect(200);
    });

    it('deactivates instead of deleting a channel that only finished publications used', async () => {
      const channel = await createChannel(testApp);
      await publicationUsing(channel.id, 'completed');

      const response = await api()
        .delete(`${CHANNELS}/${channel.id}`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toMatchObject({
        id: channel.id,
        deleted: false,
        deactivated: true,
        publication_count: 1,
        detail: expect.stringContaining('deactivated instead of deleted'),
      });
      const kept = await api().get(`${CHANNELS}/${channel.id}`).set(testApp.auth).expect(200);
      expect(kept.body.data.is_active).toBe(false);
    });
  });

  describe('hostile input', () => {
    it('stores SQL metacharacters and unicode as plain text', async () => {
      for (const name of [
        `'; DROP TABLE publishing_channels; -- ${uniqueName()}`,
        `📣 Канал 日本語 \u202e ${uniqueName()}`,
      ]) {
        const created = await api()
          .post(CHANNELS)
          .set(testApp.auth)
          .send({ name, channel_type: 'rss' })
          .expect(201);
        expect(created.body.data.name).toBe(name);
        const found = await api().get(CHANNELS).query({ name }).set(testApp.auth).expect(200);
        expect(found.body.data.total_count).toBe(1);
      }
    });

    it('answers wrong types, huge strings and unstorable text with a 4xx, never a 5xx', async () => {
      const bodies: unknown[] = [
        { name: 'x'.repeat(100_000), channel_type: 'rss' },
        { name: { $ne: null }, channel_type: ['rss'] },
        [],
        [{ name: uniqueName(), channel_type: 'rss' }],
        { name: uniqueName(), channel_type: 'rss', configuration: { note: 'lone \ud800 half' } },
        { name: uniqueName(), channel_type: 'rss', configuration: { ['key\u0000']: 1 } },
        {
          name: uniqueName(),
          channel_type: 'webhook',
          configuration: { url: `https://x.test/${'a'.repeat(5000)}` },
        },
        { name: uniqueName(), channel_type: 'email', configuration: { smtp_port: '25; DROP' } },
      ];
      for (const body of bodies) {
        const response = await api()
          .post(CHANNELS)
          .set(testApp.auth)
          .send(body as object);
        expect(response.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
        expect(response.status, JSON.stringify(body).slice(0, 80)).toBeLessThan(500);
      }
      for (const query of [
        'offset=99999999999999999999',
        'limit[]=1',
        'name=%00',
        'is_active=TRUE',
      ]) {
        const response = await api().get(`${CHANNELS}?${query}`).set(testApp.auth);
        expect(response.status, query).toBe(422);
      }
    });

    it('keeps a "__proto__" key as data without polluting prototypes', async () => {
      const name = uniqueName();
      const response = await api()
        .post(CHANNELS)
        .set(testApp.auth)
        .set('Content-Type', 'application/json')
        .send(
          `{"name":"${name}","channel_type":"rss","configuration":{"__proto__":{"polluted":true},"constructor":"x"}}`,
        );

      expect(response.status).toBeLessThan(500);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('POST /channels/:id/test', () => {
    const sink = new HttpSink();
    const smtp = new SmtpSink();
    beforeAll(async () => {
      await Promise.all([sink.start(), smtp.start()]);
      sink.respond('/fail/secret-path', () => ({ status: 500 }));
      sink.respond('/hang', () => ({ hang: true }));
    });
    afterAll(() => Promise.all([sink.stop(), smtp.stop()]));

    it('POSTs a JSON test message to a webhook and reports the answer', async () => {
      const channel = await createChannel(testApp, {
        configuration: { url: sink.url('/hooks/ok-token-1234'), headers: { 'X-Sink-Key': 'k1' } },
      });

      const response = await api()
        .post(`${CHANNELS}/${channel.id}/test`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toEqual({
        channel_id: channel.id,
        channel_type: 'webhook',
        sent: true,
        status_code: 200,
      });
      const [received] = sink.requestsTo('/hooks/ok-token-1234');
      expect(received).toMatchObject({
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sink-key': 'k1' },
        json: { event: 'channel.test', channel_id: channel.id, channel_name: channel.name },
      });
    });

    it('uses the Slack and Discord message shapes', async () => {
      const slack = await createChannel(testApp, {
        channel_type: 'slack',
        configuration: { webhook_url: sink.url('/slack/T1/B1/abcd') },
      });
      const discord = await createChannel(testApp, {
        channel_type: 'discord',
        configuration: { webhook_url: sink.url('/discord/1/efgh') },
      });

      for (const channel of [slack, discord]) {
        const response = await api()
          .post(`${CHANNELS}/${channel.id}/test`)
          .set(testApp.auth)
          .expect(200);
        expect(response.body.data).toMatchObject({ sent: true, status_code: 200 });
      }
      expect(sink.requestsTo('/slack/T1/B1/abcd')[0]?.json).toEqual({
        text: expect.stringContaining(slack.name),
      });
      expect(sink.requestsTo('/discord/1/efgh')[0]?.json).toEqual({
        content: expect.stringContaining(discord.name),
        allowed_mentions: { parse: [] },
      });
    });

    it('reports a failing endpoint as not sent, with its status', async () => {
      const channel = await createChannel(testApp, {
        configuration: { url: sink.url('/fail/secret-path') },
      });

      const response = await api()
        .post(`${CHANNELS}/${channel.id}/test`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toEqual({
        channel_id: channel.id,
        channel_type: 'webhook',
        sent: false,
        status_code: 500,
        error: 'the endpoint answered HTTP 500',
      });
      expect(sink.requestsTo('/fail/secret-path')).not.toEqual([]);
    });

    it('reports an unreachable endpoint as not sent, without echoing its URL', async () => {
      const closedPort = await unusedPort();
      const channel = await createChannel(testApp, {
        configuration: { url: `http://127.0.0.1:${closedPort}/hooks/unreachable-token` },
      });

      const response = await api()
        .post(`${CHANNELS}/${channel.id}/test`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toMatchObject({
        sent: false,
        status_code: null,
        error: 'request failed: ECONNREFUSED',
      });
      expect(JSON.stringify(response.body)).not.toContain('unreachable-token');
    });

    it('gives up after 5 seconds on an endpoint that never answers', async () => {
      const channel = await createChannel(testApp, { configuration: { url: sink.url('/hang') } });

      const started = Date.now();
      const response = await api()
        .post(`${CHANNELS}/${channel.id}/test`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toMatchObject({
        sent: false,
        status_code: null,
        error: 'no answer within 5 s',
      });
      expect(Date.now() - started).toBeLessThan(9_000);
    });

    it('signs the webhook body when the channel has a signing secret', async () => {
      const channel = await createChannel(testApp, {
        configuration: { url: sink.url('/hooks/signed-1234'), signing_secret: 'test-secret-1' },
      });

      await api().post(`${CHANNELS}/${channel.id}/test`).set(testApp.auth).expect(200);

      const [received] = sink.requestsTo('/hooks/signed-1234');
      expect(
        verifyWebhookSignature(
          'test-secret-1',
          received?.headers[SIGNATURE_HEADER] as string | undefined,
          received?.body ?? '',
        ),
      ).toBe(true);
    });

    it('sends an email to test_email, else to the channel from_email, over SMTP', async () => {
      const channel = await createChannel(testApp, {
        channel_type: 'email',
        configuration: { ...smtp.channelConfiguration('news@example.com'), from_name: 'News' },
      });

      const toEditor = await api()
        .post(`${CHANNELS}/${channel.id}/test`)
        .set(testApp.auth)
        .send({ test_email: 'editor@example.com' })
        .expect(200);
      expect(toEditor.body.data).toEqual({
        channel_id: channel.id,
        channel_type: 'email',
        sent: true,
        provider_message_id: expect.stringMatching(/^<test-[0-9a-f-]{36}@example\.com>$/),
      });
      const [mail] = smtp.to('editor@example.com');
      expect(mail?.envelopeFrom).toBe('news@example.com');
      expect(mail?.header('subject')).toBe('Test message from the publishing service');
      expect(mail?.header('from')).toBe('News <news@example.com>');
      expect(mail?.header('list-unsubscribe')).toBeUndefined();
      expect(mail?.parsed.text).toContain(`for channel "${channel.name}"`);
      expect(mail?.parsed.html).toEqual(expect.stringContaining(channel.name));

      await api().post(`${CHANNELS}/${channel.id}/test`).set(testApp.auth).expect(200);
      expect(smtp.to('news@example.com')).toHaveLength(1);
    });

    it('reports a refused email as not sent, and answers 422 naming a missing recipient', async () => {
      const unreachable = await createChannel(testApp, {
        channel_type: 'email',
        configuration: {
          smtp_host: '127.0.0.1',
          smtp_port: await unusedPort(),
          from_email: 'news@example.com',
        },
      });
      const refused = await api()
        .post(`${CHANNELS}/${unreachable.id}/test`)
        .set(testApp.auth)
        .expect(200);
      expect(refused.body.data).toMatchObject({
        sent: false,
        error: expect.stringContaining('SMTP'),
      });
      expect(refused.body.data).not.toHaveProperty('status_code');

      const noSender = await createChannel(testApp, {
        channel_type: 'email',
        configuration: { smtp_host: '127.0.0.1' },
      });
      const response = await api()
        .post(`${CHANNELS}/${noSender.id}/test`)
        .set(testApp.auth)
        .expect(422);
      expect(response.body.errors).toEqual([
        {
          field: 'configuration.from_email',
          message: 'is required to send; the channel is not configured',
        },
        { field: 'test_email', message: expect.any(String) },
      ]);
      await api()
        .post(`${CHANNELS}/${noSender.id}/test`)
        .set(testApp.auth)
        .send({ test_email: 'not-an-address' })
        .expect(422);
    });

    it.each([
      ['webhook', 'configuration.url'],
      ['slack', 'configuration.webhook_url'],
      ['discord', 'configuration.webhook_url'],
    ] as const)(
      'answers 422 naming what an unconfigured %s channel lacks, sending nothing',
      async (channelType, field) => {
        const requestsBefore = sink.received.length;
        const channel = await createChannel(testApp, {
          channel_type: channelType,
          configuration: {},
        });

        const response = await api().post(`${CHANNELS}/${channel.id}/test`).set(testApp.auth);

        expectProblem(response, 422, field);
        expect(response.body.detail).toContain(`${field} is required to send`);
        expect(sink.received.length).toBe(requestsBefore);
      },
    );

    it('answers 501 for RSS channels: a feed is read, not sent', async () => {
      const channel = await createChannel(testApp, { channel_type: 'rss', configuration: {} });
      const response = await api().post(`${CHANNELS}/${channel.id}/test`).set(testApp.auth);
      expectProblem(response, 501);
      expect(response.body.title).toBe('Not Implemented');
    });

    it('answers 409 for an inactive channel and 404 for an unknown one', async () => {
      const requestsBefore = sink.received.length;
      const channel = await createChannel(testApp, {
        configuration: { url: sink.url('/inactive') },
        is_active: false,
      });

      const inactive = await api()
        .post(`${CHANNELS}/${channel.id}/test`)
        .set(testApp.auth)
        .expect(409);
      expect(inactive.body.detail).toContain('inactive');
      expect(sink.received.length).toBe(requestsBefore);

      await api().post(`${CHANNELS}/${randomUUID()}/test`).set(testApp.auth).expect(404);
    });
  });
});
