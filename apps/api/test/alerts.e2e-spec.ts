import { randomUUID } from 'node:crypto';
import type { Channel } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { expectProblem, insertAlert, insertChannel } from '@publishing/testing';
import request from 'supertest';
import { alertBody, createAlert } from './factories/alerts';
import { createTestApp, type TestApp } from './support/test-app';

describe('alerts', () => {
  let testApp: TestApp;
  let db: PrismaService;
  let active: Channel[];
  let inactive: Channel;
  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
    active = await Promise.all([insertChannel(db), insertChannel(db), insertChannel(db)]);
    inactive = await insertChannel(db, { isActive: false });
  });
  afterAll(() => testApp.close());

  const ids = (channels: Channel[]) => channels.map((channel) => channel.id);

  describe('POST /api/v1/alerts', () => {
    it('queues an alert in PostgreSQL with priority high by default (201)', async () => {
      const body = alertBody(ids(active.slice(0, 2)));
      const response = await request(testApp.http)
        .post('/api/v1/alerts')
        .set(testApp.auth)
        .send(body)
        .expect(201);

      expect(response.body).toMatchObject({ errors: [], meta: { request_id: expect.any(String) } });
      const alert = response.body.data;
      expect(alert).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        content_id: body.content_id,
        target_channels: body.target_channels,
        priority: 'high',
        status: 'queued',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const row = await db.alert.findUniqueOrThrow({ where: { id: alert.id } });
      expect(row).toMatchObject({
        contentId: body.content_id,
        targetChannels: body.target_channels,
        priority: 'high',
        status: 'queued',
      });
    });

    it('keeps the priority it is given and normalises ids to lower case', async () => {
      const channel = active[0] as Channel;
      const response = await request(testApp.http)
        .post('/api/v1/alerts')
        .set(testApp.auth)
        .send(alertBody([channel.id.toUpperCase()], { priority: 'critical' }))
        .expect(201);

      expect(response.body.data).toMatchObject({
        priority: 'critical',
        target_channels: [channel.id],
      });
    });

    it('names each unusable channel by its index: target_channels[1] missing, [2] inactive', async () => {
      const missing = randomUUID();
      const before = await db.alert.count();

      const response = await request(testApp.http)
        .post('/api/v1/alerts')
        .set(testApp.auth)
        .send(alertBody([(active[0] as Channel).id, missing, inactive.id]))
        .expect(422);

      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        status: 422,
        title: 'Unprocessable Entity',
        instance: '/api/v1/alerts',
        traceId: response.headers['x-correlation-id'],
      });
      expect(response.body.errors).toEqual([
        { field: 'target_channels[1]', message: `channel ${missing} does not exist` },
        { field: 'target_channels[2]', message: `channel ${inactive.id} is not active` },
      ]);
      expect(response.body.detail).toContain('target_channels[1]');
      expect(await db.alert.count()).toBe(before);
    });

    it.each([
      ['no channels', { target_channels: [] }, 'target_channels'],
      [
        'six channels',
        { target_channels: Array.from({ length: 6 }, () => randomUUID()) },
        'target_channels',
      ],
      ['a channel that is no UUID', { target_channels: ['nope'] }, 'target_channels'],
      ['the same channel twice', { target_channels: 'twice' }, 'target_channels'],
      ['no content_id', { content_id: undefined }, 'content_id'],
      ['a content_id that is no UUID', { content_id: "1' OR '1'='1" }, 'content_id'],
      ['an unknown priority', { priority: 'urgent' }, 'priority'],
    ])('refuses %s with a 422 naming the field', async (_case, override, field) => {
      const body: Record<string, unknown> = { ...alertBody(ids(active.slice(0, 1))), ...override };
      if (body.target_channels === 'twice')
        body.target_channels = ids([active[0] as Channel, active[0] as Channel]);

      const response = await request(testApp.http)
        .post('/api/v1/alerts')
        .set(testApp.auth)
        .send(body)
        .expect(422);

      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });
  });

  describe('GET /api/v1/alerts/{id}', () => {
    it('answers one alert', async () => {
      const created = await createAlert(testApp, ids(active.slice(0, 1)), { priority: 'low' });

      const response = await request(testApp.http)
        .get(`/api/v1/alerts/${created.id}`)
        .set(testApp.auth)
        .expect(200);

      expect(response.body.data).toMatchObject({
        id: created.id,
        priority: 'low',
        status: 'queued',
      });
    });

    it('answers a 404 problem for an absent alert and for a malformed id', async () => {
      const id = randomUUID();
      const missing = await request(testApp.http)
        .get(`/api/v1/alerts/${id}`)
        .set(testApp.auth)
        .expect(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.body).toMatchObject({
        type: 'https://httpstatuses.com/404',
        title: 'Not Found',
        detail: `Alert ${id} not found.`,
        instance: `/api/v1/alerts/${id}`,
      });

      const malformed = await request(testApp.http)
        .get('/api/v1/alerts/not-a-uuid')
        .set(testApp.auth);
      expectProblem(malformed, 404);
      expect(malformed.body.detail).toBe('Nothing has this id: ids are UUIDs.');
    });
  });

  describe('GET /api/v1/alerts', () => {
    it('lists newest first with pagination, total and a status filter', async () => {
      await db.alert.deleteMany();
      const channels = ids(active.slice(0, 1));
      const base = Date.parse('2026-01-01T00:00:00Z');
      const rows = [];
      for (const [index, status] of (
        ['queued', 'sent', 'failed', 'sent', 'sent'] as const
      ).entries()) {
        rows.push(
          await insertAlert(db, {
            targetChannels: channels,
            status,
            createdAt: new Date(base + index * 60_000),
          }),
        );
      }

      const page = await request(testApp.http)
        .get('/api/v1/alerts?limit=2&offset=1')
        .set(testApp.auth)
        .expect(200);
      expect(page.body.data).toMatchObject({ total_count: 5, limit: 2, offset: 1 });
      expect(page.body.data.alerts.map((alert: { id: string }) => alert.id)).toEqual([
        rows[3]?.id,
        rows[2]?.id,
      ]);

      const sent = await request(testApp.http)
        .get('/api/v1/alerts?status=sent')
        .set(testApp.auth)
        .expect(200);
      expect(sent.body.data).toMatchObject({ total_count: 3, limit: 20, offset: 0 });
      expect(sent.body.data.alerts.map((alert: { id: string }) => alert.id)).toEqual([
        rows[4]?.id,
        rows[3]?.id,
        rows[1]?.id,
      ]);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['offset=-1', 'offset'],
      ['status=done', 'status'],
    ])('refuses %s with a 422 naming %s', async (query, field) => {
      const response = await request(testApp.http)
        .get(`/api/v1/alerts?${query}`)
        .set(testApp.auth)
        .expect(422);

      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });
  });

  it.each([
    ['post', '/api/v1/alerts'],
    ['get', '/api/v1/alerts'],
    ['get', `/api/v1/alerts/${randomUUID()}`],
  ] as const)('refuses %s %s without an API key (401 problem)', async (method, path) => {
    const response = await request(testApp.http)[method](path).send({}).expect(401);
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });
});
