import { randomUUID } from 'node:crypto';
import type { Channel, Publication, Subscriber } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import {
  expectProblem,
  insertChannel,
  insertPublication,
  insertSubscriber,
  uniqueEmail,
} from '@publishing/testing';
import request from 'supertest';
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
  const errorsOf = (response: request.Response): { field: string; message: string }[] =>
    response.body.errors ?? [];

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
