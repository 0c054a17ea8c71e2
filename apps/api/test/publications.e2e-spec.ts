import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '@publishing/channels';
import type { Channel } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import request from 'supertest';
import {
  HttpSink,
  SmtpSink,
  expectProblem,
  insertChannel,
  insertPublication,
  insertSubscriber,
  insertTemplate,
} from '@publishing/testing';
import { createTestApp, type TestApp } from './support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const IN_ONE_DAY = () => new Date(Date.now() + 86_400_000).toISOString();

interface PublicationJson {
  id: string;
  status: string;
  scheduled_time: string;
  channels: string[];
  created_at: string;
  [key: string]: unknown;
}

describe('publications', () => {
  let testApp: TestApp;
  let db: PrismaService;
  let channel: Channel;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
    channel = await insertChannel(db);
  });
  afterAll(() => testApp.close());

  async function schedule(body: Record<string, unknown> = {}): Promise<PublicationJson> {
    const response = await api()
      .post('/api/v1/publications')
      .set(testApp.auth)
      .send({ channels: [channel.id], publication_type: 'alert', ...body })
      .expect(201);
    return response.body.data as PublicationJson;
  }

  it('refuses every route without an API key', async () => {
    const id = UNKNOWN_ID;
    const calls = [
      api().get('/api/v1/publications'),
      api().post('/api/v1/publications').send({}),
      api().post('/api/v1/publications/newsletter/schedule').send({}),
      api().get(`/api/v1/publications/${id}`),
      api().put(`/api/v1/publications/${id}`).send({}),
      api().delete(`/api/v1/publications/${id}`),
      api().post(`/api/v1/publications/${id}/retry`),
      api().post(`/api/v1/publications/${id}/test`).send({}),
    ];
    for (const call of calls) expectProblem(await call, 401);
  });

  describe('create', () => {
    it('answers 201 with the scheduled publication and stores its channels', async () => {
      const second = await insertChannel(db, { channelType: 'slack' });
      const template = await insertTemplate(db);
      const contentId = '7f1c1f7e-8a56-4c5b-9d7e-0a1b2c3d4e5f';
      const scheduledTime = '2031-06-01T12:30:00.000Z';
      const response = await api()
        .post('/api/v1/publications')
        .set(testApp.auth)
        .send({
          content_ids: [contentId],
          channels: [channel.id, second.id],
          publication_type: 'digest',
          scheduled_time: scheduledTime,
          personalization_rules: { segment: 'vip' },
          template_id: template.id,
        })
        .expect(201);

      expect(response.body).toMatchObject({ errors: [], meta: { request_id: expect.any(String) } });
      expect(response.body.data).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        publication_type: 'digest',
        status: 'scheduled',
        scheduled_time: scheduledTime,
        published_time: null,
        content_ids: [contentId],
        channels: expect.arrayContaining([channel.id, second.id]),
        template_id: template.id,
        personalization_rules: { segment: 'vip' },
        channel_results: {},
        engagement_metrics: {},
        personalization_applied: {},
        error_details: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const links = await db.publicationChannel.findMany({
        where: { publicationId: response.body.data.id },
      });
      expect(links.map((link) => link.channelId).sort()).toEqual([channel.id, second.id].sort());
      const row = await db.publication.findUniqueOrThrow({ where: { id: response.body.data.id } });
      expect(row.channelResults).toEqual({});
      expect(row.personalizationRules).toEqual({ segment: 'vip' });
    });

    it('defaults content_ids, personalization_rules and scheduled_time (now)', async () => {
      const before = Date.now();
      const created = await schedule();

      expect(created).toMatchObject({
        content_ids: [],
        personalization_rules: {},
        template_id: null,
      });
      const scheduled = Date.parse(created.scheduled_time);
      expect(scheduled).toBeGreaterThanOrEqual(before - 1000);
      expect(scheduled).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('answers the channels in the order they were given, on create and update', async () => {
      const [a, b, c] = await Promise.all([
        insertChannel(db),
        insertChannel(db),
        insertChannel(db),
      ]);
      const given = [a.id, b.id, c.id].sort().reverse();
      const created = await schedule({ channels: given });
      expect(created.channels).toEqual(given);

      const reordered = [given[1], given[2], given[0]];
      const updated = await api()
        .put(`/api/v1/publications/${created.id}`)
        .set(testApp.auth)
        .send({ channels: reordered })
        .expect(200);
      expect(updated.body.data.channels).toEqual(reordered);
      const listed = await api()
        .get(`/api/v1/publications?channel_id=${a.id}`)
        .set(testApp.auth)
        .expect(200);
      expect(listed.body.data.publications[0].channels).toEqual(reordered);
    });

    it('stores a time with an offset as the same instant (timestamptz)', async () => {
      const created = await schedule({ scheduled_time: '2030-01-01T10:00:00+02:00' });

      expect(created.scheduled_time).toBe('2030-01-01T08:00:00.000Z');
      const [stored] = await db.$queryRaw<{ utc: string }[]>`
        SELECT to_char(scheduled_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS utc
          FROM publishing_publications WHERE id = ${created.id}::uuid`;
      expect(stored?.utc).toBe('2030-01-01T08:00:00');
    });

    it('reads a time without an offset as UTC, as the old service did', async () => {
      const created = await schedule({ scheduled_time: '2030-01-01T10:00:00.123456' });
      expect(created.scheduled_time).toBe('2030-01-01T10:00:00.123Z');

      const spaced = await schedule({ scheduled_time: '2030-01-01 10:00' });
      expect(spaced.scheduled_time).toBe('2030-01-01T10:00:00.000Z');
    });

    it('names each channel that does not exist or is not active', async () => {
      const inactive = await insertChannel(db, { isActive: false });
      const response = await api()
        .post('/api/v1/publications')
        .set(testApp.auth)
        .send({ channels: [inactive.id, channel.id, UNKNOWN_ID], publication_type: 'alert' });

      expectProblem(response, 422);
      expect(response.body.errors).toEqual([
        { field: 'channels[0]', message: `channel ${inactive.id} is not active` },
        { field: 'channels[2]', message: `channel ${UNKNOWN_ID} does not exist` },
      ]);
      expect(response.body.detail).toContain(`channels[2] channel ${UNKNOWN_ID} does not exist`);
    });

    it('names a template that does not exist or is not active', async () => {
      expectProblem(
        await api()
          .post('/api/v1/publications')
          .set(testApp.auth)
          .send({ channels: [channel.id], publication_type: 'alert', template_id: UNKNOWN_ID }),
        422,
        'template_id',
      );
      const inactive = await insertTemplate(db, { isActive: false });
      expectProblem(
        await api()
          .post('/api/v1/publications')
          .set(testApp.auth)
          .send({ channels: [channel.id], publication_type: 'alert', template_id: inactive.id }),
        422,
        'template_id',
      );
    });

    it.each([
      [{ channels: undefined }, 'channels'],
      [{ channels: [] }, 'channels'],
      [{ channels: ['not-a-uuid'] }, 'channels'],
      [{ channels: Array.from({ length: 11 }, () => UNKNOWN_ID.replace(/0$/, '1')) }, 'channels'],
      [{ channels: [UNKNOWN_ID, UNKNOWN_ID.toUpperCase()] }, 'channels'],
      [{ content_ids: Array.from({ length: 101 }, () => UNKNOWN_ID) }, 'content_ids'],
      [{ content_ids: ['nope'] }, 'content_ids'],
      [{ publication_type: undefined }, 'publication_type'],
      [{ publication_type: 'blast' }, 'publication_type'],
      [{ scheduled_time: '2020-01-01T10:00:00Z' }, 'scheduled_time'],
      [{ scheduled_time: '2030-02-30T10:00:00Z' }, 'scheduled_time'],
      [{ scheduled_time: 'tomorrow' }, 'scheduled_time'],
      [{ personalization_rules: [1, 2] }, 'personalization_rules'],
      [{ template_id: 'x' }, 'template_id'],
    ])('refuses %j with a 422 naming %s', async (overrides, field) => {
      const response = await api()
        .post('/api/v1/publications')
        .set(testApp.auth)
        .send({ channels: [channel.id], publication_type: 'alert', ...overrides });

      expectProblem(response, 422, field);
    });

    it('refuses a past scheduled_time saying it must be in the future', async () => {
      const response = await api()
        .post('/api/v1/publications')
        .set(testApp.auth)
        .send({
          channels: [channel.id],
          publication_type: 'alert',
          scheduled_time: new Date(Date.now() - 60_000).toISOString(),
        });

      expectProblem(response, 422);
      expect(response.body.errors).toEqual([
        { field: 'scheduled_time', message: 'must be in the future' },
      ]);
    });

    it('never answers a 5xx to hostile input', async () => {
      const bodies = [
        { channels: [channel.id], publication_type: 'alert', personalization_rules: { q: "';--" } },
        {
          channels: [channel.id],
          publication_type: 'alert',
          personalization_rules: { x: 'a\u0000' },
        },
        {
          channels: [channel.id],
          publication_type: 'alert',
          personalization_rules: { x: '\ud800' },
        },
        { channels: "'; DROP TABLE publishing_channels; --", publication_type: 'alert' },
        { channels: [{ id: channel.id }], publication_type: ['alert'] },
        { channels: [channel.id], publication_type: 'alert', scheduled_time: 12 },
      ];
      for (const body of bodies) {
        const response = await api().post('/api/v1/publications').set(testApp.auth).send(body);
        expect(response.status).toBeLessThan(500);
      }
    });
  });

  describe('newsletter/schedule', () => {
    it('creates a newsletter with 201 (type forced)', async () => {
      const fresh = await insertChannel(db);
      const response = await api()
        .post('/api/v1/publications/newsletter/schedule')
        .set(testApp.auth)
        .send({ channels: [fresh.id], scheduled_time: IN_ONE_DAY() })
        .expect(201);

      expect(response.body.data).toMatchObject({
        publication_type: 'newsletter',
        status: 'scheduled',
        channels: [fresh.id],
      });
      await api()
        .post('/api/v1/publications/newsletter/schedule')
        .set(testApp.auth)
        .send({ channels: [fresh.id], publication_type: 'newsletter' })
        .expect(201);
    });

    it('validates like create', async () => {
      expectProblem(
        await api()
          .post('/api/v1/publications/newsletter/schedule')
          .set(testApp.auth)
          .send({ channels: [UNKNOWN_ID] }),
        422,
        'channels[0]',
      );
    });

    it('forces newsletter whatever publication_type says, as the old service did, with a warning', async () => {
      for (const [publicationType, shown] of [
        ['alert', "'alert'"],
        ['blast', "'blast'"],
        [42, '(a number)'],
      ]) {
        const response = await api()
          .post('/api/v1/publications/newsletter/schedule')
          .set(testApp.auth)
          .send({ channels: [channel.id], publication_type: publicationType })
          .expect(201);

        expect(response.body.data.publication_type).toBe('newsletter');
        expect(response.body.meta.warnings).toEqual([
          `publication_type ${shown} ignored: this route always schedules a newsletter`,
        ]);
      }
    });
  });

  describe('list', () => {
    // Every publication of this block is scheduled inside its own window, so totals are exact.
    const window = { from: '2040-03-01T00:00:00+01:00', to: '2040-03-02T00:00:00+01:00' };
    const inWindow = (hour: number) => `2040-03-01T${String(hour).padStart(2, '0')}:00:00+01:00`;
    let discord: Channel;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      discord = await insertChannel(db, { channelType: 'discord' });
      const rows = [
        { key: 'scheduledAlert', publicationType: 'alert', status: 'scheduled', hour: 1 },
        { key: 'failedDigest', publicationType: 'digest', status: 'failed', hour: 2 },
        {
          key: 'discordNewsletter',
          publicationType: 'newsletter',
          status: 'scheduled',
          hour: 3,
          discord: true,
        },
        {
          key: 'completedAlert',
          publicationType: 'alert',
          status: 'completed',
          hour: 4,
          discord: true,
        },
      ] as const;
      for (const [index, row] of rows.entries()) {
        const publication = await insertPublication(db, {
          publicationType: row.publicationType,
          status: row.status,
          scheduledTime: new Date(inWindow(row.hour)),
          createdAt: new Date(Date.now() - (rows.length - index) * 1000),
          channelIds: 'discord' in row ? [discord.id, channel.id] : [channel.id],
        });
        ids[row.key] = publication.id;
      }
      // Just outside the window: from is inclusive, to exclusive.
      await insertPublication(db, {
        status: 'scheduled',
        scheduledTime: new Date(window.to),
        channelIds: [discord.id],
      });
    });

    async function list(query: Record<string, string | number>) {
      const response = await api()
        .get('/api/v1/publications')
        .query({ scheduled_from: window.from, scheduled_to: window.to, ...query })
        .set(testApp.auth)
        .expect(200);
      return response.body.data as {
        publications: PublicationJson[];
        total_count: number;
        limit: number;
        offset: number;
      };
    }

    it('lists newest first with the total, limit and offset', async () => {
      const all = await list({});
      expect(all).toMatchObject({ total_count: 4, limit: 20, offset: 0 });
      expect(all.publications.map((publication) => publication.id)).toEqual([
        ids.completedAlert,
        ids.discordNewsletter,
        ids.failedDigest,
        ids.scheduledAlert,
      ]);

      const page = await list({ limit: 2, offset: 1 });
      expect(page).toMatchObject({ total_count: 4, limit: 2, offset: 1 });
      expect(page.publications.map((publication) => publication.id)).toEqual([
        ids.discordNewsletter,
        ids.failedDigest,
      ]);
    });

    it.each([
      [{ status: 'scheduled' }, ['discordNewsletter', 'scheduledAlert']],
      [{ status: 'failed' }, ['failedDigest']],
      [{ publication_type: 'alert' }, ['completedAlert', 'scheduledAlert']],
      [{ channel_type: 'discord' }, ['completedAlert', 'discordNewsletter']],
      [{ channel_type: 'slack' }, []],
      [{ channel_type: 'discord', status: 'scheduled' }, ['discordNewsletter']],
      [{ publication_type: 'alert', status: 'completed' }, ['completedAlert']],
    ])('filters by %j', async (query, expected) => {
      const result = await list(query);
      expect(result.publications.map((publication) => publication.id)).toEqual(
        expected.map((key) => ids[key]),
      );
      expect(result.total_count).toBe(expected.length);
    });

    it('filters by channel_id', async () => {
      const result = await list({ channel_id: discord.id });
      expect(result.total_count).toBe(2);
      const everywhere = await api()
        .get('/api/v1/publications')
        .query({ channel_id: discord.id })
        .set(testApp.auth)
        .expect(200);
      expect(everywhere.body.data.total_count).toBe(3);
    });

    it('narrows by time range: from inclusive, to exclusive, offsets honoured', async () => {
      // failedDigest is at 01:00Z, discordNewsletter at 02:00Z, completedAlert at 03:00Z.
      const middle = await list({
        scheduled_from: '2040-03-01T01:00:00Z',
        scheduled_to: '2040-03-01T03:00:00Z',
      });
      expect(middle.publications.map((publication) => publication.id)).toEqual([
        ids.discordNewsletter,
        ids.failedDigest,
      ]);
    });

    it('reads a time range without offsets as UTC', async () => {
      const middle = await list({
        scheduled_from: '2040-03-01T01:00:00',
        scheduled_to: '2040-03-01T03:00:00',
      });
      expect(middle.publications.map((publication) => publication.id)).toEqual([
        ids.discordNewsletter,
        ids.failedDigest,
      ]);
    });

    it('reads an unencoded + in the offset (a space in a query string) as +', async () => {
      const response = await api()
        .get(
          `/api/v1/publications?scheduled_from=2040-03-01T02:00:00+01:00&scheduled_to=2040-03-01T03:00:00+01:00`,
        )
        .set(testApp.auth)
        .expect(200);
      expect(
        response.body.data.publications.map((publication: PublicationJson) => publication.id),
      ).toEqual([ids.failedDigest]);
    });

    it.each([
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ status: 'done' }, 'status'],
      [{ publication_type: 'blast' }, 'publication_type'],
      [{ channel_type: 'fax' }, 'channel_type'],
      [{ channel_id: 'abc' }, 'channel_id'],
      [{ scheduled_from: '2040-03-01' }, 'scheduled_from'],
      [
        { scheduled_from: '2040-03-02T00:00:00Z', scheduled_to: '2040-03-01T00:00:00Z' },
        'scheduled_to',
      ],
      [{ unknown: 1 }, 'unknown'],
    ])('refuses the query %j with a 422 naming %s (never an empty 200)', async (query, field) => {
      expectProblem(
        await api().get('/api/v1/publications').query(query).set(testApp.auth),
        422,
        field,
      );
    });

    it('accepts the limits 1 and 100', async () => {
      expect((await list({ limit: 1 })).publications).toHaveLength(1);
      expect((await list({ limit: 100 })).publications).toHaveLength(4);
    });
  });

  describe('get', () => {
    it('answers the publication, 404 when absent or the id is not a UUID', async () => {
      const created = await schedule();
      const found = await api()
        .get(`/api/v1/publications/${created.id}`)
        .set(testApp.auth)
        .expect(200);
      expect(found.body.data).toEqual(created);

      const missing = await api().get(`/api/v1/publications/${UNKNOWN_ID}`).set(testApp.auth);
      expectProblem(missing, 404);
      expect(missing.body).toMatchObject({
        title: 'Not Found',
        detail: `Publication ${UNKNOWN_ID} not found.`,
      });
      expectProblem(await api().get('/api/v1/publications/12').set(testApp.auth), 404);
    });
  });

  describe('update', () => {
    it('stores scheduled_time and personalization_rules (PUT)', async () => {
      const created = await schedule({ personalization_rules: { old: true } });
      const response = await api()
        .put(`/api/v1/publications/${created.id}`)
        .set(testApp.auth)
        .send({
          scheduled_time: '2032-05-05T09:00:00-05:00',
          personalization_rules: { tone: 'warm' },
        })
        .expect(200);

      expect(response.body.data).toMatchObject({
        id: created.id,
        scheduled_time: '2032-05-05T14:00:00.000Z',
        personalization_rules: { tone: 'warm' },
        channels: [channel.id],
        status: 'scheduled',
      });
      const row = await db.publication.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.personalizationRules).toEqual({ tone: 'warm' });
      expect(row.scheduledTime.toISOString()).toBe('2032-05-05T14:00:00.000Z');
    });

    it('replaces channels and sets or detaches the template (PATCH), keeping other fields', async () => {
      const created = await schedule({ personalization_rules: { keep: 1 } });
      const other = await insertChannel(db, { channelType: 'webhook' });
      const template = await insertTemplate(db);

      const withTemplate = await api()
        .patch(`/api/v1/publications/${created.id}`)
        .set(testApp.auth)
        .send({ channels: [other.id], template_id: template.id })
        .expect(200);
      expect(withTemplate.body.data).toMatchObject({
        channels: [other.id],
        template_id: template.id,
        personalization_rules: { keep: 1 },
        scheduled_time: created.scheduled_time,
      });

      const detached = await api()
        .patch(`/api/v1/publications/${created.id}`)
        .set(testApp.auth)
        .send({ template_id: null })
        .expect(200);
      expect(detached.body.data).toMatchObject({ template_id: null, channels: [other.id] });
    });

    it('refuses unusable channels or template with 422 and changes nothing', async () => {
      const created = await schedule();
      const inactive = await insertChannel(db, { isActive: false });

      expectProblem(
        await api()
          .put(`/api/v1/publications/${created.id}`)
          .set(testApp.auth)
          .send({ channels: [channel.id, inactive.id], personalization_rules: { changed: true } }),
        422,
        'channels[1]',
      );
      expectProblem(
        await api()
          .put(`/api/v1/publications/${created.id}`)
          .set(testApp.auth)
          .send({ template_id: UNKNOWN_ID }),
        422,
        'template_id',
      );
      const unchanged = await api().get(`/api/v1/publications/${created.id}`).set(testApp.auth);
      expect(unchanged.body.data).toEqual(created);
    });

    it.each([
      [{ scheduled_time: '2001-01-01T00:00:00Z' }, 'scheduled_time'],
      [{ channels: [] }, 'channels'],
      [{ personalization_rules: 'warm' }, 'personalization_rules'],
      [{ personalization_rules: { nul: '\u0000' } }, 'personalization_rules.nul'],
    ])('refuses %j with a 422 naming %s', async (body, field) => {
      const created = await schedule();
      expectProblem(
        await api().put(`/api/v1/publications/${created.id}`).set(testApp.auth).send(body),
        422,
        field,
      );
    });

    it.each(['processing', 'completed', 'failed', 'cancelled'] as const)(
      'refuses to edit a %s publication with 409 naming the status',
      async (status) => {
        const publication = await insertPublication(db, { status, channelIds: [channel.id] });
        const response = await api()
          .put(`/api/v1/publications/${publication.id}`)
          .set(testApp.auth)
          .send({ personalization_rules: { late: true } });

        expectProblem(response, 409);
        expect(response.body.title).toBe('Conflict');
        expect(response.body.detail).toContain(`is ${status}`);
        const row = await db.publication.findUniqueOrThrow({ where: { id: publication.id } });
        expect(row.personalizationRules).toEqual({});
      },
    );

    it('waits for a concurrent status change and then refuses with 409', async () => {
      const created = await schedule();
      let release = () => {};
      let locked = () => {};
      const rowLocked = new Promise<void>((resolve) => (locked = resolve));
      const worker = db.$transaction(async (tx) => {
        await tx.publication.update({ where: { id: created.id }, data: { status: 'processing' } });
        locked();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await rowLocked;
      const update = api()
        .put(`/api/v1/publications/${created.id}`)
        .set(testApp.auth)
        .send({ personalization_rules: { late: true } })
        .then((response) => response);
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await worker;

      const response = await update;
      expectProblem(response, 409);
      expect(response.body.detail).toContain('is processing');
      const row = await db.publication.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.personalizationRules).toEqual({});
    });

    it('reads null as "not given", as the legacy service did', async () => {
      const created = await schedule({ personalization_rules: { keep: true } });
      const response = await api()
        .put(`/api/v1/publications/${created.id}`)
        .set(testApp.auth)
        .send({ scheduled_time: null, personalization_rules: null, channels: null })
        .expect(200);
      expect(response.body.data).toMatchObject({
        scheduled_time: created.scheduled_time,
        personalization_rules: { keep: true },
        channels: created.channels,
      });
    });

    it('answers 404 for an unknown publication', async () => {
      expectProblem(
        await api().patch(`/api/v1/publications/${UNKNOWN_ID}`).set(testApp.auth).send({}),
        404,
      );
    });
  });

  describe('cancel (DELETE)', () => {
    it.each(['scheduled', 'processing'] as const)(
      'cancels a %s publication and keeps the row',
      async (status) => {
        const publication = await insertPublication(db, { status, channelIds: [channel.id] });
        const response = await api()
          .delete(`/api/v1/publications/${publication.id}`)
          .set(testApp.auth)
          .expect(200);

        expect(response.body.data).toMatchObject({
          id: publication.id,
          status: 'cancelled',
          message: `Publication ${publication.id} cancelled successfully`,
        });
        const kept = await api()
          .get(`/api/v1/publications/${publication.id}`)
          .set(testApp.auth)
          .expect(200);
        expect(kept.body.data.status).toBe('cancelled');
      },
    );

    it.each(['completed', 'failed', 'cancelled'] as const)(
      'refuses to cancel a %s publication with 409 naming the status',
      async (status) => {
        const publication = await insertPublication(db, { status });
        const response = await api()
          .delete(`/api/v1/publications/${publication.id}`)
          .set(testApp.auth);

        expectProblem(response, 409);
        expect(response.body.detail).toBe(
          `Publication ${publication.id} is ${status}; only scheduled or processing publications can be cancelled.`,
        );
      },
    );

    it('lets exactly one of two concurrent cancels win', async () => {
      const created = await schedule();
      const statuses = await Promise.all(
        [0, 1].map(
          async () =>
            (await api().delete(`/api/v1/publications/${created.id}`).set(testApp.auth)).status,
        ),
      );
      expect(statuses.sort()).toEqual([200, 409]);
    });

    it('answers 404 for an unknown publication', async () => {
      expectProblem(
        await api().delete(`/api/v1/publications/${UNKNOWN_ID}`).set(testApp.auth),
        404,
      );
    });
  });

  describe('retry', () => {
    it('moves a failed publication back to scheduled in five minutes', async () => {
      const publication = await insertPublication(db, {
        status: 'failed',
        errorDetails: 'smtp down',
        scheduledTime: new Date(Date.now() - 3_600_000),
      });
      const before = Date.now();
      const response = await api()
        .post(`/api/v1/publications/${publication.id}/retry`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toMatchObject({
        status: 'scheduled',
        error_details: null,
        message: `Publication ${publication.id} queued for retry`,
      });
      const scheduled = Date.parse(response.body.data.scheduled_time);
      expect(scheduled).toBeGreaterThanOrEqual(before + 5 * 60_000 - 1000);
      expect(scheduled).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 1000);
    });

    it.each(['scheduled', 'processing', 'completed', 'cancelled'] as const)(
      'refuses to retry a %s publication with 409 naming the status',
      async (status) => {
        const publication = await insertPublication(db, { status });
        const response = await api()
          .post(`/api/v1/publications/${publication.id}/retry`)
          .set(testApp.auth);

        expectProblem(response, 409);
        expect(response.body.detail).toContain(`is ${status}; only failed publications`);
      },
    );

    it('answers 404 for an unknown publication', async () => {
      expectProblem(
        await api().post(`/api/v1/publications/${UNKNOWN_ID}/retry`).set(testApp.auth),
        404,
      );
    });
  });

  describe('test send', () => {
    const sink = new HttpSink();
    const smtp = new SmtpSink();
    beforeAll(() => Promise.all([sink.start(), smtp.start()]));
    afterAll(() => Promise.all([sink.stop(), smtp.stop()]));

    const mailChannel = () =>
      insertChannel(db, { configuration: smtp.channelConfiguration('news@example.com') });
    const hookChannel = (path: string, configuration: Record<string, string> = {}) =>
      insertChannel(db, {
        channelType: 'webhook',
        configuration: { url: sink.url(path), ...configuration },
      });

    it('renders and really sends to the active subscribers of its active channels, recording no delivery', async () => {
      const token = randomUUID();
      const mail = await mailChannel();
      const hook = await hookChannel(`/hooks/${token}`, { signing_secret: 'pub-test-secret' });
      const broken = await hookChannel(`/fail/${token}`);
      sink.respond(`/fail/${token}`, () => ({ status: 500 }));
      const paused = await hookChannel(`/paused/${token}`);
      await db.channel.update({ where: { id: paused.id }, data: { isActive: false } });
      const template = await insertTemplate(db, {
        templateType: 'email',
        contentStructure: {
          subject: 'Issue {{ issue }} for {{ subscriber.email }}',
          body_text: 'Hello {{ name }}. Leave: {{ unsubscribe_url }}',
        },
        variableDefinitions: {
          issue: { type: 'string', required: true },
          name: { type: 'string', default: 'reader' },
        },
      });
      const ada = await insertSubscriber(db, { channelIds: [mail.id, hook.id, broken.id] });
      await db.subscriber.update({
        where: { id: ada.id },
        data: { personalizationData: { name: 'Ada' } },
      });
      const bob = await insertSubscriber(db, { channelIds: [mail.id, paused.id] });
      const onlyPaused = await insertSubscriber(db, { channelIds: [paused.id] });
      const unsubscribed = await insertSubscriber(db, {
        subscriptionStatus: 'unsubscribed',
        channelIds: [mail.id],
      });
      const pausedSubscription = await insertSubscriber(db, {
        subscriptions: [{ channelId: mail.id, status: 'paused' }],
      });
      const publication = await insertPublication(db, {
        channelIds: [mail.id, hook.id, broken.id, paused.id],
        templateId: template.id,
        personalizationRules: { variables: { issue: '42' } },
      });

      const response = await api()
        .post(`/api/v1/publications/${publication.id}/test`)
        .set(testApp.auth)
        .send({})
        .expect(200);

      const data = response.body.data;
      expect(data).toMatchObject({
        publication_id: publication.id,
        total_subscribers: 2,
        successful: 3,
        failed: 1,
        newsletter: {
          subject: `Issue 42 for ${ada.email}`,
          content_preview: expect.stringContaining('Hello Ada.'),
        },
      });
      expect(data.delivery_results).toHaveLength(4);
      expect(data.delivery_results).toEqual(
        expect.arrayContaining([
          { subscriber_id: ada.id, channel_id: mail.id, sent: true },
          { subscriber_id: ada.id, channel_id: hook.id, sent: true },
          {
            subscriber_id: ada.id,
            channel_id: broken.id,
            sent: false,
            error: 'the endpoint answered HTTP 500',
          },
          { subscriber_id: bob.id, channel_id: mail.id, sent: true },
        ]),
      );

      const [toAda] = smtp.to(ada.email);
      expect(smtp.to(ada.email)).toHaveLength(1);
      expect(toAda?.header('subject')).toBe(`Issue 42 for ${ada.email}`);
      expect(toAda?.parsed.text).toContain('Hello Ada.');
      expect(toAda?.header('list-unsubscribe')).toMatch(/^<http.*\/unsubscribe/);
      expect(toAda?.header('x-publishing-publication')).toBe(publication.id);
      expect(smtp.to(bob.email)[0]?.parsed.text).toContain('Hello reader.');
      for (const nobody of [onlyPaused, unsubscribed, pausedSubscription]) {
        expect(smtp.to(nobody.email)).toEqual([]);
      }

      const hooked = sink.requestsTo(`/hooks/${token}`);
      expect(hooked).toHaveLength(1);
      expect(hooked[0]?.json).toEqual({
        subject: `Issue 42 for ${ada.email}`,
        text: expect.stringContaining('Hello Ada.'),
      });
      expect(
        verifyWebhookSignature(
          'pub-test-secret',
          hooked[0]?.headers[SIGNATURE_HEADER] as string | undefined,
          hooked[0]?.body ?? '',
        ),
      ).toBe(true);
      expect(sink.requestsTo(`/paused/${token}`)).toEqual([]);
      expect(await db.delivery.count({ where: { publicationId: publication.id } })).toBe(0);
    });

    it('answers 400, as the old service did, when nobody would receive the test', async () => {
      const quiet = await mailChannel();
      const publication = await insertPublication(db, { channelIds: [quiet.id] });

      const response = await api()
        .post(`/api/v1/publications/${publication.id}/test`)
        .set(testApp.auth)
        .send({});

      expectProblem(response, 400);
      expect(response.body.detail).toContain('no active subscribers');
    });

    it('caps the audience at 50', async () => {
      const token = randomUUID();
      const crowded = await hookChannel(`/crowded/${token}`);
      for (let index = 0; index < 51; index++) {
        await insertSubscriber(db, { channelIds: [crowded.id] });
      }
      const publication = await insertPublication(db, { channelIds: [crowded.id] });

      const response = await api()
        .post(`/api/v1/publications/${publication.id}/test`)
        .set(testApp.auth)
        .send({})
        .expect(200);
      expect(response.body.data).toMatchObject({
        total_subscribers: 50,
        successful: 50,
        failed: 0,
      });
      expect(sink.requestsTo(`/crowded/${token}`)).toHaveLength(50);
    });

    it('sends to test_email through the email channels only, with the default body a delivery has without a template', async () => {
      const token = randomUUID();
      const mail = await mailChannel();
      const hook = await hookChannel(`/hooks/${token}`);
      await insertSubscriber(db, { channelIds: [mail.id, hook.id] });
      const publication = await insertPublication(db, { channelIds: [mail.id, hook.id] });
      const editor = `editor-${token}@example.com`;

      const response = await api()
        .post(`/api/v1/publications/${publication.id}/test`)
        .set(testApp.auth)
        .send({ test_email: editor })
        .expect(200);

      expect(response.body.data).toEqual({
        publication_id: publication.id,
        total_subscribers: 1,
        successful: 1,
        failed: 0,
        delivery_results: [{ email: editor, channel_id: mail.id, sent: true }],
        newsletter: {
          subject: 'New newsletter from the publishing service',
          content_preview: expect.stringContaining('A new newsletter was published.'),
        },
      });
      const [mailed] = smtp.to(editor);
      expect(mailed?.header('subject')).toBe('New newsletter from the publishing service');
      // test_email is no subscriber: there is no unsubscribe link to show.
      expect(mailed?.parsed.text).not.toContain('Unsubscribe');
      expect(mailed?.header('list-unsubscribe')).toBeUndefined();
      expect(sink.requestsTo(`/hooks/${token}`)).toEqual([]);
      expect(await db.delivery.count({ where: { publicationId: publication.id } })).toBe(0);
    });

    it('validates test_email, needs an email channel for it, and answers 404 for an unknown id', async () => {
      const hookOnly = await insertPublication(db, {
        channelIds: [(await hookChannel('/hooks/unused')).id],
      });
      expectProblem(
        await api()
          .post(`/api/v1/publications/${hookOnly.id}/test`)
          .set(testApp.auth)
          .send({ test_email: 'editor@example.com' }),
        422,
        'test_email',
      );
      expectProblem(
        await api()
          .post(`/api/v1/publications/${hookOnly.id}/test`)
          .set(testApp.auth)
          .send({ test_email: 'not-an-address' }),
        422,
        'test_email',
      );
      expectProblem(
        await api().post(`/api/v1/publications/${UNKNOWN_ID}/test`).set(testApp.auth).send({}),
        404,
      );
    });
  });
});
