import type { Channel, Prisma, Publication, PublicationStatus } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import request from 'supertest';
import { insertChannel, insertPublication, insertTemplate } from '@publishing/testing';
import { createTestApp, type TestApp } from './support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const HOUR = 3_600_000;

interface FeedItem {
  guid: string;
  title: string;
  description?: string;
  pubDate?: string;
}

/** The raw text of one element, as written (entities still encoded). */
function rawElement(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}(?: [^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
}

function itemsOf(xml: string): FeedItem[] {
  return [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, item = '']) => ({
    guid: rawElement(item, 'guid') ?? '',
    title: rawElement(item, 'title') ?? '',
    description: rawElement(item, 'description'),
    pubDate: rawElement(item, 'pubDate'),
  }));
}

describe('RSS feeds', () => {
  let testApp: TestApp;
  let db: PrismaService;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
  });
  afterAll(() => testApp.close());

  /** No API key: feed readers have none. */
  const feed = (channelId: string) =>
    request(testApp.http).get(`/api/v1/channels/${channelId}/feed.rss`).buffer(true);

  const rssChannel = (data: Partial<Channel> & { configuration?: object } = {}) =>
    insertChannel(db, { channelType: 'rss', ...data });

  const published = (
    channelId: string,
    options: {
      status?: PublicationStatus;
      templateId?: string;
      publishedTime?: Date | null;
      variables?: Prisma.InputJsonObject;
    } = {},
  ): Promise<Publication> =>
    insertPublication(db, {
      channelIds: [channelId],
      status: options.status ?? 'completed',
      templateId: options.templateId,
      scheduledTime: new Date(Date.now() - 5 * HOUR),
      publishedTime:
        options.publishedTime === undefined ? new Date(Date.now() - HOUR) : options.publishedTime,
      personalizationRules: options.variables ? { variables: options.variables } : {},
    });

  it("serves an RSS 2.0 document of the channel's completed publications, newest first, without an API key", async () => {
    const channel = await rssChannel({
      configuration: {
        feed_title: 'News & <Views>',
        feed_description: 'Weekly "notes"',
        site_url: 'https://news.example.com/',
      },
    });
    const template = await insertTemplate(db, {
      templateType: 'email',
      contentStructure: {
        subject: '{{ headline }}',
        body_html: '<p>ignored in feeds</p>',
        body_text: 'Read: {{ headline }}\n\nIn {{ channel.name }}',
      },
      variableDefinitions: { headline: { type: 'string', required: true } },
    });
    const now = Date.now();
    const older = await published(channel.id, {
      templateId: template.id,
      publishedTime: new Date(now - 2 * HOUR),
      variables: { headline: 'Older issue' },
    });
    const newest = await published(channel.id, {
      templateId: template.id,
      publishedTime: new Date(now - HOUR),
      variables: { headline: 'Newest issue' },
    });
    const untitled = await published(channel.id, {
      publishedTime: new Date(Date.UTC(2025, 10, 25, 9, 30)),
    });

    const response = await feed(channel.id).expect(200);

    expect(response.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    const xml = response.text;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"')).toBe(true);
    const header = xml.slice(0, xml.indexOf('<item>'));
    expect(rawElement(header, 'title')).toBe('News &amp; &lt;Views&gt;');
    expect(rawElement(header, 'description')).toBe('Weekly &quot;notes&quot;');
    expect(rawElement(header, 'link')).toBe('https://news.example.com/');
    expect(header).toContain(
      `<atom:link href="${testApp.config.API_BASE_URL}/api/v1/channels/${channel.id}/feed.rss" rel="self" type="application/rss+xml"/>`,
    );
    expect(rawElement(header, 'lastBuildDate')).toBe(newest.publishedTime?.toUTCString());

    expect(itemsOf(xml)).toEqual([
      {
        guid: newest.id,
        title: 'Newest issue',
        description: `&lt;p&gt;Read: Newest issue&lt;/p&gt;\n&lt;p&gt;In ${channel.name}&lt;/p&gt;`,
        pubDate: newest.publishedTime?.toUTCString(),
      },
      {
        guid: older.id,
        title: 'Older issue',
        description: `&lt;p&gt;Read: Older issue&lt;/p&gt;\n&lt;p&gt;In ${channel.name}&lt;/p&gt;`,
        pubDate: older.publishedTime?.toUTCString(),
      },
      {
        guid: untitled.id,
        title: 'Newsletter of 2025-11-25',
        description: undefined,
        pubDate: 'Tue, 25 Nov 2025 09:30:00 GMT',
      },
    ]);
    expect(xml).toContain(`<guid isPermaLink="false">${newest.id}</guid>`);
  });

  it('escapes hostile titles and descriptions, and drops characters XML cannot carry', async () => {
    const suffix = Date.now();
    const channel = await rssChannel({ name: `<script>alert(1)</script> & co ${suffix}` });
    const template = await insertTemplate(db, {
      templateType: 'slack',
      contentStructure: { text: '{{ headline }}' },
      variableDefinitions: { headline: { type: 'string' } },
    });
    const hostile = '<script>alert("x")</script> & \'friends\' ]]> \u0001\u0008bell';
    const publication = await published(channel.id, {
      templateId: template.id,
      variables: { headline: hostile },
    });

    const xml = (await feed(channel.id).expect(200)).text;

    expect(xml).not.toMatch(/<script/i);
    expect(xml).not.toContain('\u0001');
    expect(xml).not.toContain('\u0008');
    expect(xml).not.toContain(']]>');
    expect(rawElement(xml, 'title')).toBe(
      `&lt;script&gt;alert(1)&lt;/script&gt; &amp; co ${suffix}`,
    );
    const [item] = itemsOf(xml);
    expect(item).toMatchObject({
      guid: publication.id,
      title:
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;friends&apos; ]]&gt; bell',
      // HTML in the description is XML-escaped once more, so a reader shows the text, never runs it.
      description:
        '&lt;p&gt;&amp;lt;script&amp;gt;alert(&amp;quot;x&amp;quot;)&amp;lt;/script&amp;gt; &amp;amp; &amp;#39;friends&amp;#39; ]]&amp;gt; bell&lt;/p&gt;',
    });
  });

  it('lists only completed publications linked to the channel', async () => {
    const channel = await rssChannel();
    const elsewhere = await rssChannel();
    const completed = await published(channel.id);
    for (const status of ['scheduled', 'processing', 'failed', 'cancelled'] as const) {
      await published(channel.id, { status });
    }
    await published(elsewhere.id);
    await insertPublication(db, { status: 'completed', publishedTime: new Date() });

    const items = itemsOf((await feed(channel.id).expect(200)).text);

    expect(items.map((item) => item.guid)).toEqual([completed.id]);
  });

  it('keeps the 50 newest items, and falls back to a dated title when the template cannot render', async () => {
    const channel = await rssChannel();
    const template = await insertTemplate(db, {
      templateType: 'email',
      contentStructure: { subject: 'Hi {{ subscriber.email }}', body_text: '{{ name }}' },
      variableDefinitions: { name: { type: 'string', required: true } },
    });
    const base = Date.UTC(2025, 0, 1);
    const publications = await db.publication.createManyAndReturn({
      data: Array.from({ length: 52 }, (_, index) => ({
        publicationType: 'digest' as const,
        status: 'completed' as const,
        scheduledTime: new Date(base),
        publishedTime: new Date(base + index * HOUR),
        templateId: template.id,
      })),
      select: { id: true, publishedTime: true },
    });
    await db.publicationChannel.createMany({
      data: publications.map((publication) => ({
        publicationId: publication.id,
        channelId: channel.id,
      })),
    });

    const items = itemsOf((await feed(channel.id).expect(200)).text);

    const newestFirst = [...publications].sort(
      (a, b) => (b.publishedTime?.getTime() ?? 0) - (a.publishedTime?.getTime() ?? 0),
    );
    expect(items.map((item) => item.guid)).toEqual(
      newestFirst.slice(0, 50).map((publication) => publication.id),
    );
    // `name` is required and the publication gives none: the item still has a title.
    expect(items[0]).toMatchObject({ title: 'Digest of 2025-01-03', description: undefined });
  });

  it('answers an empty feed for an rss channel with nothing published yet', async () => {
    const channel = await rssChannel();
    const xml = (await feed(channel.id).expect(200)).text;

    expect(itemsOf(xml)).toEqual([]);
    expect(rawElement(xml, 'title')).toBe(channel.name);
    expect(rawElement(xml, 'link')).toBe(
      `${testApp.config.API_BASE_URL}/api/v1/channels/${channel.id}/feed.rss`,
    );
    expect(xml).not.toContain('<lastBuildDate>');
  });

  it('answers 404 problems for an unknown channel, a channel of another type and an inactive one', async () => {
    const email = await insertChannel(db, { channelType: 'email' });
    const inactive = await rssChannel({ isActive: false });
    await published(email.id);

    for (const [id, detail] of [
      [UNKNOWN_ID, `Channel ${UNKNOWN_ID} not found.`],
      [email.id, 'only channels of type rss'],
      [inactive.id, 'is inactive'],
    ] as const) {
      const response = await feed(id);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['cache-control']).toBeUndefined();
      expect(JSON.parse(response.text)).toMatchObject({ status: 404 });
      expect(JSON.parse(response.text).detail).toContain(detail);
    }

    const malformed = await feed('not-a-uuid');
    expect(malformed.status).toBe(404);
    expect(malformed.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(malformed.text).detail).toBe('Nothing has this id: ids are UUIDs.');
  });
});
