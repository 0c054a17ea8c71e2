import { randomUUID } from 'node:crypto';
import type { AnalyticsEvent, Channel, Publication, Subscriber } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import request from 'supertest';
import { clickSignature, openPixelUrl, signedClickUrl } from '@publishing/templating';
import {
  expectProblem,
  insertAnalyticsEvents,
  insertChannel,
  insertDeliveries,
  insertPublication,
  insertSubscriber,
  insertSubscribers,
} from '@publishing/testing';
import { createTestApp, type TestApp } from './support/test-app';

/** The legacy pixel, written out independently of the implementation. */
const GIF_HEX =
  '47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b';
const TRACK = '/api/v1/analytics/engagement/track';

/** A path + query of a tracking URL the app built (its base is API_BASE_URL). */
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

describe('analytics', () => {
  let testApp: TestApp;
  let db: PrismaService;
  let links: { apiBaseUrl: string; signingSecret: string };
  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
    links = {
      apiBaseUrl: testApp.config.API_BASE_URL,
      signingSecret: testApp.config.SIGNING_SECRET,
    };
  });
  afterAll(() => testApp.close());

  const eventsOf = (publication: Pick<Publication, 'id'>) =>
    db.analyticsEvent.findMany({
      where: { publicationId: publication.id },
      orderBy: { recordedAt: 'asc' },
    });

  describe('open pixel (public)', () => {
    let channel: Channel;
    let otherChannel: Channel;
    let subscriber: Subscriber;
    let publication: Publication;
    beforeAll(async () => {
      channel = await insertChannel(db, { channelType: 'email' });
      otherChannel = await insertChannel(db);
      subscriber = await insertSubscriber(db, { userId: randomUUID() });
      publication = await insertPublication(db, { channelIds: [channel.id] });
    });

    it('answers the 43-byte transparent GIF without an API key and records the open', async () => {
      const url = openPixelUrl(links, {
        publicationId: publication.id,
        channelId: channel.id,
        subscriberId: subscriber.id,
      });
      const response = await request(testApp.http).get(pathOf(url)).expect(200);

      expect(response.headers['content-type']).toBe('image/gif');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-length']).toBe('43');
      expect(response.headers['x-correlation-id']).toEqual(expect.any(String));
      expect(Buffer.isBuffer(response.body)).toBe(true);
      expect((response.body as Buffer).toString('hex')).toBe(GIF_HEX);
      expect(response.body).toHaveLength(43);
      const events = await eventsOf(publication);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        publicationId: publication.id,
        channelId: channel.id,
        channelType: 'email',
        subscriberId: subscriber.id,
        userId: subscriber.userId,
        metricType: 'open',
        metricValue: 1,
      });
    });

    it('answers POST the same way and records every load (uniques are counted separately)', async () => {
      const response = await request(testApp.http)
        .post(`${TRACK}/open?publication_id=${publication.id}&user_id=${subscriber.userId}`)
        .expect(200);

      expect((response.body as Buffer).toString('hex')).toBe(GIF_HEX);
      const events = await eventsOf(publication);
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({
        channelId: null,
        channelType: 'unknown',
        subscriberId: null,
        userId: subscriber.userId,
      });
    });

    it.each([
      ['an unknown publication', () => `publication_id=${randomUUID()}`],
      ['no publication', () => ''],
      ['a malformed publication id', () => `publication_id=not-a-uuid'%3B--`],
      [
        'a channel the publication is not on',
        () => `publication_id=${publication.id}&channel_id=${otherChannel.id}`,
      ],
      [
        'an unknown subscriber',
        () => `publication_id=${publication.id}&subscriber_id=${randomUUID()}`,
      ],
      ['a malformed subscriber id', () => `publication_id=${publication.id}&subscriber_id=42`],
      [
        'repeated parameters',
        () => `publication_id=${publication.id}&publication_id=${randomUUID()}`,
      ],
    ])('still answers the GIF for %s, and records nothing', async (_case, query) => {
      const before = await db.analyticsEvent.count();

      const response = await request(testApp.http).get(`${TRACK}/open?${query()}`).expect(200);

      expect(response.headers['content-type']).toBe('image/gif');
      expect((response.body as Buffer).toString('hex')).toBe(GIF_HEX);
      expect(await db.analyticsEvent.count()).toBe(before);
    });
  });

  describe('click tracker (public, signed links only)', () => {
    let channel: Channel;
    let publication: Publication;
    beforeAll(async () => {
      channel = await insertChannel(db, { channelType: 'slack' });
      publication = await insertPublication(db, { channelIds: [channel.id] });
    });

    it('redirects a signed link with 302, records the click and the open it implies', async () => {
      const subscriber = await insertSubscriber(db);
      const target = 'https://news.example.test/story?id=7&utm=a%20b#part';
      const url = signedClickUrl(links, {
        publicationId: publication.id,
        channelId: channel.id,
        subscriberId: subscriber.id,
        url: target,
      });
      expect(url.startsWith(`${links.apiBaseUrl}${TRACK}/click?`)).toBe(true);

      const response = await request(testApp.http).get(pathOf(url)).expect(302);

      expect(response.headers.location).toBe(target);
      const events = (await eventsOf(publication)).filter(
        (event) => event.subscriberId === subscriber.id,
      );
      expect(events.map((event) => event.metricType).sort()).toEqual(['click', 'open']);
      const implied = events.find((event) => event.metricType === 'open') as AnalyticsEvent;
      expect(implied.metadataJson).toMatchObject({ implied_by: 'click' });
      expect(implied).toMatchObject({ channelId: channel.id, channelType: 'slack' });

      // A second click (POST this time) adds a click, not another implied open.
      await request(testApp.http).post(pathOf(url)).expect(302).expect('Location', target);
      const after = (await eventsOf(publication)).filter(
        (event) => event.subscriberId === subscriber.id,
      );
      expect(after.filter((event) => event.metricType === 'click')).toHaveLength(2);
      expect(after.filter((event) => event.metricType === 'open')).toHaveLength(1);
    });

    it('implies no open when the subscriber already opened, and none for anonymous clicks', async () => {
      const subscriber = await insertSubscriber(db);
      const own = await insertPublication(db, { channelIds: [channel.id] });
      await insertAnalyticsEvents(db, [{ publication: own, subscriber, channel, metric: 'open' }]);
      const signed = signedClickUrl(links, {
        publicationId: own.id,
        subscriberId: subscriber.id,
        url: 'http://example.test/a',
      });
      const anonymous = signedClickUrl(links, {
        publicationId: own.id,
        url: 'http://example.test/b',
      });

      await request(testApp.http).get(pathOf(signed)).expect(302);
      await request(testApp.http).get(pathOf(anonymous)).expect(302);

      const events = await eventsOf(own);
      expect(events.map((event) => event.metricType).sort()).toEqual(['click', 'click', 'open']);
    });

    it('writes the implied open once under concurrent clicks', async () => {
      const subscriber = await insertSubscriber(db);
      const own = await insertPublication(db, { channelIds: [channel.id] });
      const url = signedClickUrl(links, {
        publicationId: own.id,
        subscriberId: subscriber.id,
        url: 'https://example.test/race',
      });

      await Promise.all(
        Array.from({ length: 5 }, () => request(testApp.http).get(pathOf(url)).expect(302)),
      );

      const events = await eventsOf(own);
      expect(events.filter((event) => event.metricType === 'click')).toHaveLength(5);
      expect(events.filter((event) => event.metricType === 'open')).toHaveLength(1);
    });

    it('still redirects a signed link whose publication is gone, recording nothing', async () => {
      const url = signedClickUrl(links, {
        publicationId: randomUUID(),
        url: 'https://example.test/gone',
      });
      const before = await db.analyticsEvent.count();

      await request(testApp.http)
        .get(pathOf(url))
        .expect(302)
        .expect('Location', 'https://example.test/gone');
      expect(await db.analyticsEvent.count()).toBe(before);
    });

    const tamperings: [string, (url: URL) => void][] = [
      ['a changed url', (url) => url.searchParams.set('url', 'https://evil.example.test/')],
      [
        'an appended url',
        (url) => url.searchParams.set('url', `${url.searchParams.get('url')}@evil.test`),
      ],
      ['a changed subscriber', (url) => url.searchParams.set('subscriber_id', randomUUID())],
      ['a removed subscriber', (url) => url.searchParams.delete('subscriber_id')],
      ['a changed publication', (url) => url.searchParams.set('publication_id', randomUUID())],
      ['a forged sig', (url) => url.searchParams.set('sig', 'A'.repeat(43))],
      [
        'a truncated sig',
        (url) => url.searchParams.set('sig', (url.searchParams.get('sig') ?? '').slice(1)),
      ],
      ['an empty sig', (url) => url.searchParams.set('sig', '')],
    ];
    it.each(tamperings)('refuses %s with a 403 problem and no redirect', async (_case, tamper) => {
      const subscriber = await insertSubscriber(db);
      const url = new URL(
        signedClickUrl(links, {
          publicationId: publication.id,
          subscriberId: subscriber.id,
          url: 'https://news.example.test/ok',
        }),
      );
      tamper(url);
      const before = await db.analyticsEvent.count();

      const response = await request(testApp.http).get(pathOf(url.toString())).expect(403);

      expect(response.headers.location).toBeUndefined();
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 403, title: 'Forbidden' });
      expect(await db.analyticsEvent.count()).toBe(before);
    });

    it('refuses a signed non-http destination (no javascript: redirect)', async () => {
      const link = { publicationId: publication.id, url: 'javascript:alert(1)' };
      expect(() => signedClickUrl(links, link)).toThrow(/http/);
      const query = new URLSearchParams({
        publication_id: link.publicationId,
        url: link.url,
        sig: clickSignature(links.signingSecret, link),
      });

      const response = await request(testApp.http)
        .get(`${TRACK}/click?${query.toString()}`)
        .expect(422);

      expect(response.headers.location).toBeUndefined();
      expect(response.body.errors).toEqual([
        { field: 'url', message: 'must be an http or https URL' },
      ]);
    });

    it('refuses a malformed link with a 422 problem naming the fields', async () => {
      const response = await request(testApp.http)
        .get(`${TRACK}/click?publication_id=nope&sig=x`)
        .expect(422);

      expect(response.headers.location).toBeUndefined();
      expect(
        [...new Set(response.body.errors.map((error: { field: string }) => error.field))].sort(),
      ).toEqual(['publication_id', 'url']);
    });
  });

  describe('legacy click links (unsigned, sent by the Python service)', () => {
    let channel: Channel;
    let publication: Publication;
    beforeAll(async () => {
      channel = await insertChannel(db, { channelType: 'email' });
      publication = await insertPublication(db, { channelIds: [channel.id] });
    });

    /** As the Python service wrote them: `publication_id`, `url`, `channel_id`, no signature. */
    const legacyLink = (url: string, extra: Record<string, string> = {}) =>
      `${TRACK}/click?${new URLSearchParams({
        publication_id: publication.id,
        url,
        channel_id: channel.id,
        ...extra,
      }).toString()}`;
    const clicksOf = () =>
      db.analyticsEvent.count({ where: { publicationId: publication.id, metricType: 'click' } });

    it('answers a page linking to the destination, without redirecting, and counts the click', async () => {
      const userId = randomUUID();
      const before = await clicksOf();

      const response = await request(testApp.http)
        .get(legacyLink('https://news.example.test/story?id=7&ref=mail', { user_id: userId }))
        .expect(200);

      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers.location).toBeUndefined();
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.text).toContain('href="https://news.example.test/story?id=7&amp;ref=mail"');
      expect(response.text).not.toMatch(/<script|http-equiv|refresh/i);
      expect(await clicksOf()).toBe(before + 1);
      const [click] = await db.analyticsEvent.findMany({
        where: { publicationId: publication.id, metricType: 'click', userId },
      });
      expect(click).toMatchObject({ channelId: channel.id, channelType: 'email' });
    });

    it('answers POST the same way', async () => {
      const response = await request(testApp.http)
        .post(legacyLink('https://news.example.test/post'))
        .expect(200);

      expect(response.headers.location).toBeUndefined();
      expect(response.text).toContain('href="https://news.example.test/post"');
    });

    it('escapes the destination: a URL cannot inject markup', async () => {
      const hostile = `https://example.test/?q="><script>alert(1)</script><img src=x onerror='alert(2)'>`;

      const response = await request(testApp.http).get(legacyLink(hostile)).expect(200);

      expect(response.text).not.toContain('<script>');
      expect(response.text).not.toContain('<img');
      expect(response.text).not.toContain('"><script');
      expect(response.text.match(/<a /g)).toHaveLength(1);
      const href = /<a href="([^"]*)"/.exec(response.text)?.[1];
      expect(href).toBe(new URL(hostile).href);
      expect(href).not.toMatch(/[<>"' ]/);
      expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'not a url'])(
      'links only http(s) destinations: %s is named, not linked, not counted',
      async (url) => {
        const before = await clicksOf();

        const response = await request(testApp.http).get(legacyLink(url)).expect(200);

        expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(response.headers.location).toBeUndefined();
        expect(response.text).not.toMatch(/<a |href=/i);
        expect(response.text).not.toContain('<script>');
        expect(response.text).toContain('cannot be opened');
        expect(await clicksOf()).toBe(before);
      },
    );
  });

  describe('engagement aggregates', () => {
    let channels: Channel[];
    let publications: Publication[];
    beforeAll(async () => {
      channels = [await insertChannel(db), await insertChannel(db, { channelType: 'discord' })];
      publications = [
        await insertPublication(db, { channelIds: channels.map((channel) => channel.id) }),
        await insertPublication(db, { channelIds: [(channels[0] as Channel).id] }),
      ];
      const [a, b] = publications as [Publication, Publication];
      const [email, discord] = channels as [Channel, Channel];
      const [s1, s2, s3] = [
        await insertSubscriber(db),
        await insertSubscriber(db),
        await insertSubscriber(db),
      ] as [Subscriber, Subscriber, Subscriber];
      const legacyUser = randomUUID();
      const old = new Date('2020-01-01T00:00:00Z');
      await insertAnalyticsEvents(db, [
        { publication: a, channel: email, subscriber: s1, metric: 'open' },
        { publication: a, channel: email, subscriber: s1, metric: 'open' },
        { publication: a, channel: email, subscriber: s2, metric: 'open' },
        { publication: a, channel: email, subscriber: s1, metric: 'click' },
        { publication: a, channel: discord, subscriber: s3, metric: 'open' },
        { publication: a, channel: discord, userId: legacyUser, metric: 'open' },
        { publication: a, channel: discord, userId: legacyUser, metric: 'click' },
        { publication: a, channel: discord, metric: 'open' },
        { publication: a, metric: 'bounce' },
        { publication: b, channel: email, subscriber: s2, metric: 'open' },
        { publication: b, channel: email, subscriber: s2, metric: 'unsubscribe' },
        { publication: b, channel: email, subscriber: s3, metric: 'complaint' },
        { publication: b, channel: email, subscriber: s1, metric: 'open', recordedAt: old },
      ]);
    });

    /** The same figures, recounted in JavaScript from the rows in the table. */
    const recount = (events: AnalyticsEvent[]) => {
      const count = (metric: string) => events.filter((e) => e.metricType === metric).length;
      const people = (metric: string) =>
        new Set(
          events
            .filter((e) => e.metricType === metric && (e.subscriberId ?? e.userId))
            .map((e) => e.subscriberId ?? e.userId),
        ).size;
      return {
        open: count('open'),
        click: count('click'),
        unsubscribe: count('unsubscribe'),
        bounce: count('bounce'),
        complaint: count('complaint'),
        unique_opens: people('open'),
        unique_clicks: people('click'),
        last_event_at:
          events.length === 0
            ? null
            : new Date(Math.max(...events.map((e) => e.recordedAt.getTime()))).toISOString(),
      };
    };

    it('totals, per publication and per channel equal a recount of the rows', async () => {
      const response = await request(testApp.http)
        .get('/api/v1/analytics/engagement')
        .set(testApp.auth)
        .expect(200);
      const all = await db.analyticsEvent.findMany();
      const data = response.body.data;

      expect(data.totals).toEqual(recount(all));
      const publicationIds = [...new Set(all.map((e) => e.publicationId))].sort();
      expect(
        data.by_publication.map((row: { publication_id: string }) => row.publication_id).sort(),
      ).toEqual(publicationIds);
      for (const row of data.by_publication) {
        const { publication_id, ...counts } = row;
        expect(counts).toEqual(recount(all.filter((e) => e.publicationId === publication_id)));
      }
      expect(data.by_channel).toHaveLength(new Set(all.map((e) => e.channelId)).size);
      for (const row of data.by_channel) {
        const { channel_id, ...counts } = row;
        expect(counts).toEqual(recount(all.filter((e) => e.channelId === channel_id)));
      }
    });

    it('knows the figures of this fixture: uniques per subscriber, else per legacy user_id', async () => {
      const [a] = publications as [Publication];
      const response = await request(testApp.http)
        .get(`/api/v1/analytics/engagement?publication_id=${a.id}`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data.filters).toEqual({
        channel_id: null,
        publication_id: a.id,
        from: null,
        to: null,
      });
      expect(response.body.data.totals).toMatchObject({
        open: 6,
        click: 2,
        bounce: 1,
        unique_opens: 4, // s1, s2, s3 and the legacy user; the anonymous open counts in `open` only
        unique_clicks: 2,
      });
      expect(response.body.data.by_publication).toHaveLength(1);
      expect(response.body.data.by_channel).toHaveLength(3); // email, discord, no channel
    });

    it('filters by channel and by time range', async () => {
      const [email] = channels as [Channel];
      const from = '2021-01-01T00:00:00Z';
      const response = await request(testApp.http)
        .get(`/api/v1/analytics/engagement?channel_id=${email.id}&from=${from}`)
        .set(testApp.auth)
        .expect(200);

      const rows = await db.analyticsEvent.findMany({
        where: { channelId: email.id, recordedAt: { gte: new Date(from) } },
      });
      expect(response.body.data.totals).toEqual(recount(rows));
      expect(response.body.data.totals.open).toBe(4);
      expect(response.body.data.by_channel).toHaveLength(1);

      const old = await request(testApp.http)
        .get(`/api/v1/analytics/engagement?channel_id=${email.id}&to=${from}`)
        .set(testApp.auth)
        .expect(200);
      expect(old.body.data.totals).toMatchObject({ open: 1, unique_opens: 1, click: 0 });
    });

    it('answers zeros for a filter that matches nothing', async () => {
      const response = await request(testApp.http)
        .get(`/api/v1/analytics/engagement?publication_id=${randomUUID()}`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toMatchObject({
        totals: { open: 0, click: 0, unique_opens: 0, last_event_at: null },
        by_publication: [],
        by_channel: [],
      });
    });

    it.each([
      ['channel_id=nope', 'channel_id'],
      ['from=yesterday', 'from'],
      ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
      ['extra=1', 'extra'],
    ])('refuses %s with a 422 naming %s', async (query, field) => {
      const response = await request(testApp.http)
        .get(`/api/v1/analytics/engagement?${query}`)
        .set(testApp.auth);

      expectProblem(response, 422, field);
    });

    it('gives one channel its counts and the publications they were recorded for', async () => {
      const [email] = channels as [Channel];
      const response = await request(testApp.http)
        .get(`/api/v1/analytics/engagement/channel/${email.id}`)
        .set(testApp.auth)
        .expect(200);

      const rows = await db.analyticsEvent.findMany({ where: { channelId: email.id } });
      const publicationIds = [...new Set(rows.map((e) => e.publicationId))].sort();
      expect(response.body.data).toEqual({
        channel_id: email.id,
        ...recount(rows),
        publication_count: 2,
        publication_ids: publicationIds,
      });
    });

    it('answers a channel without events with zeros', async () => {
      const quiet = await insertChannel(db);
      const response = await request(testApp.http)
        .get(`/api/v1/analytics/engagement/channel/${quiet.id}`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toMatchObject({
        channel_id: quiet.id,
        open: 0,
        click: 0,
        unique_opens: 0,
        unique_clicks: 0,
        publication_count: 0,
        publication_ids: [],
        last_event_at: null,
      });
    });

    it('gives one publication its counts and channels', async () => {
      const [a] = publications as [Publication];
      const response = await request(testApp.http)
        .get(`/api/v1/analytics/engagement/publication/${a.id}`)
        .set(testApp.auth)
        .expect(200);

      const rows = await db.analyticsEvent.findMany({ where: { publicationId: a.id } });
      expect(response.body.data).toEqual({
        publication_id: a.id,
        ...recount(rows),
        channel_count: 2,
        channel_ids: channels.map((channel) => channel.id).sort(),
      });
    });

    it.each(['channel', 'publication'])(
      'answers 404 for an unknown %s and 422 for a malformed id',
      async (kind) => {
        const id = randomUUID();
        const missing = await request(testApp.http)
          .get(`/api/v1/analytics/engagement/${kind}/${id}`)
          .set(testApp.auth);
        expectProblem(missing, 404);
        expect(missing.body.title).toBe('Not Found');
        expect(missing.body.detail).toContain(id);

        const malformed = await request(testApp.http)
          .get(`/api/v1/analytics/engagement/${kind}/42`)
          .set(testApp.auth)
          .expect(422);
        expect(malformed.body.errors).toEqual([{ field: `${kind}_id`, message: 'must be a UUID' }]);
      },
    );
  });

  describe('performance', () => {
    it('derives recommendations from the channels’ rates', async () => {
      const weak = await insertChannel(db, { name: `weak ${randomUUID()}` });
      const strong = await insertChannel(db, { name: `strong ${randomUUID()}` });
      const publication = await insertPublication(db, { channelIds: [weak.id, strong.id] });
      const readers = await insertSubscribers(db, 20);
      await insertDeliveries(
        db,
        publication,
        weak,
        readers.map((subscriber) => ({ subscriber, status: 'sent' as const })),
      );
      await insertDeliveries(
        db,
        publication,
        strong,
        readers.map((subscriber) => ({ subscriber, status: 'sent' as const })),
      );
      // weak: 1 of 20 opened (5%); strong: 10 of 20 opened and 5 clicked.
      await insertAnalyticsEvents(db, [
        { publication, channel: weak, subscriber: readers[0], metric: 'open' },
        ...readers.slice(0, 10).map((subscriber) => ({
          publication,
          channel: strong,
          subscriber,
          metric: 'open' as const,
        })),
        ...readers.slice(0, 5).map((subscriber) => ({
          publication,
          channel: strong,
          subscriber,
          metric: 'click' as const,
        })),
      ]);

      const response = await request(testApp.http)
        .get('/api/v1/analytics/performance')
        .set(testApp.auth)
        .expect(200);

      const { channels, recommendations } = response.body.data;
      expect(
        channels.find((row: { channel_id: string }) => row.channel_id === weak.id),
      ).toMatchObject({
        sent: 20,
        unique_opens: 1,
        open_rate: 0.05,
      });
      expect(
        channels.find((row: { channel_id: string }) => row.channel_id === strong.id),
      ).toMatchObject({
        sent: 20,
        unique_opens: 10,
        unique_clicks: 5,
        open_rate: 0.5,
        click_to_open_rate: 0.5,
      });
      expect(recommendations).toContainEqual(
        expect.objectContaining({
          type: 'low_open_rate',
          channel_id: weak.id,
          metric: 'open_rate',
          value: 0.05,
          threshold: 0.15,
        }),
      );
      expect(
        recommendations.filter((r: { channel_id: string }) => r.channel_id === strong.id),
      ).toEqual([]);
      expect(response.body.data.window).toEqual({
        from: expect.any(String),
        to: expect.any(String),
      });
    });

    it('says there is not enough data in a window without any', async () => {
      const response = await request(testApp.http)
        .get('/api/v1/analytics/performance?from=2001-01-01T00:00:00Z&to=2001-02-01T00:00:00Z')
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data.window).toEqual({
        from: '2001-01-01T00:00:00.000Z',
        to: '2001-02-01T00:00:00.000Z',
      });
      expect(response.body.data.recommendations).toEqual([
        expect.objectContaining({ type: 'insufficient_data', severity: 'info' }),
      ]);
    });
  });

  it.each([
    '/api/v1/analytics/engagement',
    `/api/v1/analytics/engagement/channel/${randomUUID()}`,
    `/api/v1/analytics/engagement/publication/${randomUUID()}`,
    '/api/v1/analytics/performance',
  ])('refuses %s without an API key (401 problem)', async (path) => {
    expectProblem(await request(testApp.http).get(path), 401);
  });

  it('documents every analytics route in OpenAPI', async () => {
    const response = await request(testApp.http).get('/api/v1/openapi.json').expect(200);
    const paths = response.body.paths;

    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/analytics/engagement',
        '/api/v1/analytics/engagement/channel/{channel_id}',
        '/api/v1/analytics/engagement/publication/{publication_id}',
        '/api/v1/analytics/performance',
        '/api/v1/analytics/engagement/track/open',
        '/api/v1/analytics/engagement/track/click',
      ]),
    );
    expect(Object.keys(paths['/api/v1/analytics/engagement/track/open'])).toEqual(['get', 'post']);
  });
});
