import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Channel, Publication, Subscriber } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import {
  expectProblem,
  insertChannel,
  insertPublication,
  insertSubscriber,
  insertTemplate,
  uniqueName,
  uniqueEmail,
} from '@publishing/testing';
import request from 'supertest';
import { mapPrismaError } from '../src/common/errors/prisma-errors';
import { createTestApp, type TestApp } from './support/test-app';

/** Values a hostile or careless client sends that once answered 500 (issue 11, defects 1-3). */
describe('hostile values', () => {
  let testApp: TestApp;
  let db: PrismaService;
  let channel: Channel;
  let subscriber: Subscriber;
  let publication: Publication;
  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
    channel = await insertChannel(db);
    subscriber = await insertSubscriber(db);
    publication = await insertPublication(db, { channelIds: [channel.id] });
  });
  afterAll(() => testApp.close());

  const api = () => request(testApp.http);
  const send = (method: 'post' | 'put' | 'patch', path: string, body: unknown) => {
    const http = api();
    return http[method](path)
      .set(testApp.auth)
      .send(body as object);
  };
  const withIds = (path: string) =>
    path
      .replace(':subscriber', subscriber.id)
      .replace(':channel', channel.id)
      .replace(':publication', publication.id);
  /** A new scheduled publication, channel and template per use, so one case cannot spoil the next. */
  const withFreshIds = async (path: string) => {
    let resolved = withIds(path);
    if (resolved.includes(':scheduled'))
      resolved = resolved.replace(
        ':scheduled',
        (
          await insertPublication(db, {
            channelIds: [channel.id],
            scheduledTime: new Date(Date.now() + 3_600_000),
          })
        ).id,
      );
    if (resolved.includes(':template'))
      resolved = resolved.replace(
        ':template',
        (await insertTemplate(db, { templateType: 'slack', contentStructure: { text: 'hi' } })).id,
      );
    return resolved;
  };
  const freshen = (body: Record<string, unknown>) =>
    'email' in body
      ? { ...body, email: uniqueEmail() }
      : 'name' in body
        ? { ...body, name: uniqueName() }
        : body;
  const errorsOf = (response: request.Response): { field: string; message: string }[] =>
    response.body.errors ?? [];

  describe('instants outside the storable range', () => {
    const YEAR_10000 = '9999-12-31T23:59:59-23:59';
    const publicationCount = () => db.publication.count();
    const scheduled = () =>
      insertPublication(db, {
        channelIds: [channel.id],
        scheduledTime: new Date(Date.now() + 3_600_000),
      });

    it.each([
      ['post', '/api/v1/publications', { publication_type: 'manual' }],
      ['post', '/api/v1/publications/newsletter/schedule', {}],
    ] as const)(
      '%s %s refuses a scheduled_time in the year 10000 UTC with a 422 and writes nothing',
      async (method, path, body) => {
        const before = await publicationCount();

        const response = await send(method, path, {
          ...body,
          channels: [channel.id],
          scheduled_time: YEAR_10000,
        });

        expectProblem(response, 422, 'scheduled_time');
        expect(errorsOf(response)).toContainEqual({
          field: 'scheduled_time',
          message: expect.stringMatching(/9999-12-31T23:59:59.999Z once converted to UTC/),
        });
        expect(await publicationCount()).toBe(before);
      },
    );

    it.each(['put', 'patch'] as const)(
      '%s refuses it too and leaves the publication as it was',
      async (method) => {
        const publication = await scheduled();

        const response = await send(method, `/api/v1/publications/${publication.id}`, {
          scheduled_time: YEAR_10000,
        });

        expectProblem(response, 422, 'scheduled_time');
        const row = await db.publication.findUniqueOrThrow({ where: { id: publication.id } });
        expect(row.scheduledTime).toEqual(publication.scheduledTime);
      },
    );

    it('accepts the last storable instant', async () => {
      const response = await send('post', '/api/v1/publications', {
        channels: [channel.id],
        publication_type: 'manual',
        scheduled_time: '9999-12-31T23:59:59.999Z',
      });

      expect(response.status).toBe(201);
      expect(response.body.data.scheduled_time).toBe('9999-12-31T23:59:59.999Z');
    });

    it.each([
      ['/api/v1/publications', { scheduled_to: YEAR_10000 }, 'scheduled_to'],
      ['/api/v1/analytics/engagement', { to: YEAR_10000 }, 'to'],
    ])('%s refuses a filter outside the range with a 422 naming it', async (path, query, field) => {
      expectProblem(await api().get(path).query(query).set(testApp.auth), 422, field);
    });

    it('api-key create refuses an expiry past the range with a message, not a stack trace', () => {
      const run = spawnSync(
        process.execPath,
        [
          resolve(__dirname, '../dist/cli/api-keys.js'),
          'create',
          '--name',
          'forever',
          '--expires-in-days',
          '10000000',
        ],
        { env: { ...process.env, DATABASE_URL: testApp.database.url }, encoding: 'utf8' },
      );

      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('--expires-in-days must end by 9999-12-31T23:59:59.999Z');
      expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
    });

    describe('a row stored before the database refused such values', () => {
      let stored: string;
      beforeAll(async () => {
        // This file's own database, taken back to before 20261201233000_check_timestamp_ranges.
        await db.$executeRawUnsafe(
          'ALTER TABLE publishing_publications DROP CONSTRAINT publishing_publications_scheduled_time_range',
        );
        const publication = await scheduled();
        await db.$executeRawUnsafe(
          `UPDATE publishing_publications SET scheduled_time = '10000-01-01 23:58:59+00' WHERE id = $1::uuid`,
          publication.id,
        );
        stored = publication.id;
      });

      it('breaks neither the list nor its own GET: the unreadable instant is null', async () => {
        const list = await api()
          .get('/api/v1/publications')
          .query({ limit: 100 })
          .set(testApp.auth);
        expect(list.status).toBe(200);
        expect(
          list.body.data.publications.find((each: { id: string }) => each.id === stored),
        ).toMatchObject({ id: stored, scheduled_time: null });

        const one = await api().get(`/api/v1/publications/${stored}`).set(testApp.auth);
        expect(one.status).toBe(200);
        expect(one.body.data.scheduled_time).toBeNull();
      });

      it('can still be rescheduled and cancelled', async () => {
        const time = new Date(Date.now() + 86_400_000).toISOString();
        const put = await send('put', `/api/v1/publications/${stored}`, { scheduled_time: time });
        expect(put.status).toBe(200);
        expect(put.body.data.scheduled_time).toBe(time);

        const cancelled = await api().delete(`/api/v1/publications/${stored}`).set(testApp.auth);
        expect(cancelled.status).toBeLessThan(300);
      });
    });
  });

  describe('database errors a request may still cause', () => {
    const captured = async (run: () => Promise<unknown>): Promise<Error> => {
      try {
        await run();
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected the database to refuse');
    };

    it.each([
      [
        'a Prisma validation error (null for a required enum)',
        () =>
          db.alert.create({
            data: { contentId: randomUUID(), targetChannels: [], priority: null as never },
          }),
      ],
      [
        'a value too long for its column (P2000)',
        () => db.channel.create({ data: { name: 'x'.repeat(101), channelType: 'rss' } }),
      ],
      [
        'a number out of range (P2020)',
        () => db.template.updateMany({ data: { usageCount: 2 ** 40 } }),
      ],
      [
        'an instant PostgreSQL cannot represent (22007/22008)',
        () =>
          db.publication.create({
            data: { publicationType: 'manual', scheduledTime: new Date(Date.UTC(-1, 0, 1)) },
          }),
      ],
      [
        'a CHECK constraint (23514)',
        () =>
          db.apiKey.create({
            data: {
              name: 'k',
              keyPrefix: 'pk_check',
              keyHash: 'h',
              expiresAt: new Date(Date.UTC(10000, 0, 1)),
            },
          }),
      ],
    ])('maps %s to a 422 that does not quote Prisma', async (_label, run) => {
      const error = await captured(run);

      const mapped = mapPrismaError(error);

      expect(mapped).toMatchObject({ status: 422 });
      expect(mapped?.detail).not.toContain('invocation');
      expect(error.message).not.toContain(mapped?.detail);
    });

    it('names the field of a known CHECK constraint', async () => {
      const error = await captured(() =>
        db.apiKey.create({
          data: {
            name: 'k',
            keyPrefix: 'pk_check2',
            keyHash: 'h',
            expiresAt: new Date(Date.UTC(1960, 0, 1)),
          },
        }),
      );

      expect(mapPrismaError(error)).toMatchObject({
        status: 422,
        errors: [{ field: 'expires_at', message: expect.stringMatching(/^must lie between/) }],
      });
    });
  });

  describe('null for an optional field', () => {
    const futureTime = () => new Date(Date.now() + 86_400_000).toISOString();
    // [method, path, a valid body, its optional fields]: each field is sent as null in turn.
    const routes = (): [string, string, Record<string, unknown>, string[]][] => [
      [
        'post',
        '/api/v1/publications',
        { channels: [channel.id], publication_type: 'manual' },
        ['content_ids', 'scheduled_time', 'personalization_rules', 'template_id'],
      ],
      [
        'post',
        '/api/v1/publications/newsletter/schedule',
        { channels: [channel.id] },
        ['publication_type', 'content_ids', 'scheduled_time', 'personalization_rules'],
      ],
      [
        'patch',
        '/api/v1/publications/:scheduled',
        { scheduled_time: futureTime() },
        ['scheduled_time', 'personalization_rules', 'channels', 'template_id'],
      ],
      ['post', '/api/v1/publications/:publication/test', {}, ['test_email']],
      [
        'post',
        '/api/v1/channels',
        { name: uniqueName(), channel_type: 'rss' },
        ['configuration', 'is_active'],
      ],
      [
        'patch',
        '/api/v1/channels/:channel',
        { is_active: true },
        ['name', 'configuration', 'is_active'],
      ],
      ['post', '/api/v1/channels/:channel/test', {}, ['test_email']],
      [
        'post',
        '/api/v1/subscribers',
        { email: uniqueEmail() },
        [
          'user_id',
          'preferred_channels',
          'preferred_channel_types',
          'topic_interests',
          'frequency_settings',
          'personalization_data',
        ],
      ],
      [
        'patch',
        '/api/v1/subscribers/:subscriber',
        {},
        [
          'email',
          'user_id',
          'subscription_status',
          'preferred_channels',
          'preferred_channel_types',
          'topic_interests',
          'frequency_settings',
          'personalization_data',
        ],
      ],
      [
        'post',
        '/api/v1/templates',
        { name: 't', template_type: 'slack', content_structure: { text: 'hi' } },
        ['formatting_rules', 'branding_elements', 'variable_definitions', 'is_active'],
      ],
      ['post', '/api/v1/templates/:template/preview', {}, ['variables']],
      [
        'post',
        '/api/v1/email/test',
        { to_email: 'reader@example.test' },
        ['subject', 'custom_message'],
      ],
      [
        'post',
        '/api/v1/alerts',
        { content_id: randomUUID(), target_channels: [channel.id] },
        ['priority'],
      ],
    ];

    it('never answers a 5xx, on any route and field', async () => {
      const outcomes: string[] = [];
      for (const [method, path, body, fields] of routes()) {
        for (const field of fields) {
          const response = await send(method as 'post' | 'patch', await withFreshIds(path), {
            ...freshen(body),
            [field]: null,
          });
          outcomes.push(`${method} ${path} ${field}: ${response.status}`);
          if (response.status >= 400) expectProblem(response, response.status);
        }
      }
      // The test app has no email provider: /email/test answers its documented 503 (null is read as absent).
      const unexpected = outcomes.filter(
        (outcome) =>
          /: 5\d\d$/.test(outcome) && !/^post \/api\/v1\/email\/test .*: 503$/.test(outcome),
      );
      expect(unexpected).toEqual([]);
    });

    it('refuses priority: null on an alert with a 422 naming it, as the old service did', async () => {
      const response = await send('post', '/api/v1/alerts', {
        content_id: randomUUID(),
        target_channels: [channel.id],
        priority: null,
      });

      expectProblem(response, 422, 'priority');
      expect(await db.alert.count()).toBe(0);
    });
  });

  describe('text PostgreSQL cannot store: unpaired UTF-16 surrogates and NUL', () => {
    const UNSTORABLE = /NUL .*unpaired UTF-16 surrogates/;

    it.each([
      ['post', '/api/v1/subscribers', { email: '\ud800' }, 'email'],
      ['put', '/api/v1/subscribers/:subscriber', { email: '\udc00' }, 'email'],
      ['patch', '/api/v1/subscribers/:subscriber', { email: 'a\ud800@x.test' }, 'email'],
      ['post', '/api/v1/channels/:channel/test', { test_email: '\ud800' }, 'test_email'],
      ['post', '/api/v1/publications/:publication/test', { test_email: '\udfff' }, 'test_email'],
      ['post', '/api/v1/email/test', { to_email: '\ud800' }, 'to_email'],
      ['post', '/api/v1/email/test', { to_email: 'a@x.test', subject: 'a\u0000' }, 'subject'],
      ['post', '/api/v1/alerts', { content_id: '\ud800', target_channels: [] }, 'content_id'],
    ] as const)(
      '%s %s answers 422 naming the field, before any other validator',
      async (method, path, body, field) => {
        const response = await send(method, withIds(path), body);

        expectProblem(response, 422, field);
        // Only the text check spoke: isEmail and friends never saw the value (isEmail throws on it).
        expect(errorsOf(response).filter((error) => error.field === field)).toEqual([
          { field, message: expect.stringMatching(UNSTORABLE) },
        ]);
      },
    );

    it('names the path of a nested value, an array item and an object whose key is unstorable', async () => {
      const response = await send('post', '/api/v1/subscribers', {
        email: uniqueEmail(),
        preferred_channels: [channel.id, 'x\u0000'],
        frequency_settings: { ['\ud800']: 'weekly' },
        personalization_data: { greeting: { text: 'hi \udc00 there' }, fine: 'ok 🙂' },
      });

      expectProblem(response, 422);
      expect(errorsOf(response)).toEqual(
        expect.arrayContaining([
          { field: 'preferred_channels.1', message: expect.stringMatching(UNSTORABLE) },
          {
            field: 'frequency_settings',
            message: expect.stringMatching(/has a key that contains/),
          },
          {
            field: 'personalization_data.greeting.text',
            message: expect.stringMatching(UNSTORABLE),
          },
        ]),
      );
    });

    it('checks query strings too', async () => {
      expectProblem(
        await api().get('/api/v1/channels').query({ name: 'a\u0000b' }).set(testApp.auth),
        422,
        'name',
      );
    });

    it('keeps well-formed text, emoji (surrogate pairs) included', async () => {
      const response = await send('post', '/api/v1/subscribers', {
        email: uniqueEmail(),
        personalization_data: { note: '🙂 ñ 中文 \ud83d\ude00' },
      });
      expect(response.status).toBe(201);
      expect(response.body.data.personalization_data).toEqual({ note: '🙂 ñ 中文 😀' });
    });

    it('still answers the open pixel with its GIF whatever the query holds', async () => {
      const response = await api()
        .get('/api/v1/analytics/engagement/track/open')
        .query({ publication_id: `${randomUUID()}\u0000` });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('image/gif');
    });
  });
});
