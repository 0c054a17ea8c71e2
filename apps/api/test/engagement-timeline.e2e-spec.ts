import { randomUUID } from 'node:crypto';
import type { Publication, Subscriber } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import {
  expectProblem,
  insertAnalyticsEvents,
  insertPublication,
  insertSubscriber,
  type AnalyticsEventSeed,
} from '@publishing/testing';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

const timelineOf = (publicationId: string) =>
  `/api/v1/analytics/engagement/publication/${publicationId}/timeline`;
const at = (iso: string) => new Date(iso);
const zero = { opens: 0, unique_opens: 0, clicks: 0, unique_clicks: 0, unsubscribes: 0 };

describe('engagement timeline of a publication', () => {
  let testApp: TestApp;
  let db: PrismaService;
  let publication: Publication;
  let alice: Subscriber;
  let bob: Subscriber;
  const legacyUser = randomUUID();

  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
    publication = await insertPublication(db, { createdAt: at('2026-11-29T12:00:00Z') });
    const other = await insertPublication(db);
    alice = await insertSubscriber(db);
    bob = await insertSubscriber(db);
    const events: AnalyticsEventSeed[] = [
      // before the hourly range, inside the daily one
      { publication, metric: 'open', subscriber: alice, recordedAt: at('2026-11-29T23:59:59Z') },
      // 00:00 hour: three opens by two people, one click
      { publication, metric: 'open', subscriber: alice, recordedAt: at('2026-11-30T00:10:00Z') },
      { publication, metric: 'open', subscriber: alice, recordedAt: at('2026-11-30T00:20:00Z') },
      { publication, metric: 'open', subscriber: bob, recordedAt: at('2026-11-30T00:30:00Z') },
      { publication, metric: 'click', subscriber: alice, recordedAt: at('2026-11-30T00:40:00Z') },
      // 01:00 hour: nothing
      // 02:00 hour: a legacy reader (user_id only) twice, an anonymous open, an unsubscribe
      { publication, metric: 'open', userId: legacyUser, recordedAt: at('2026-11-30T02:05:00Z') },
      { publication, metric: 'open', userId: legacyUser, recordedAt: at('2026-11-30T02:06:00Z') },
      { publication, metric: 'open', recordedAt: at('2026-11-30T02:07:00Z') },
      {
        publication,
        metric: 'unsubscribe',
        subscriber: bob,
        recordedAt: at('2026-11-30T02:59:59.999Z'),
      },
      // 03:00 hour: two clicks by two people, a bounce (not charted)
      { publication, metric: 'click', subscriber: bob, recordedAt: at('2026-11-30T03:00:00Z') },
      { publication, metric: 'click', subscriber: alice, recordedAt: at('2026-11-30T03:30:00Z') },
      { publication, metric: 'bounce', subscriber: alice, recordedAt: at('2026-11-30T03:31:00Z') },
      // at `until` of the hourly range: excluded there
      { publication, metric: 'open', subscriber: alice, recordedAt: at('2026-11-30T04:00:00Z') },
      // another publication, same hour: never counted here
      {
        publication: other,
        metric: 'open',
        subscriber: bob,
        recordedAt: at('2026-11-30T00:15:00Z'),
      },
    ];
    await insertAnalyticsEvents(db, events);
  });
  afterAll(() => testApp.close());

  it('counts opens, clicks (total and unique) and unsubscribes per hour, zero-filled', async () => {
    const response = await request(testApp.http)
      .get(timelineOf(publication.id))
      .query({ bucket: 'hour', since: '2026-11-30T00:00:00Z', until: '2026-11-30T04:00:00Z' })
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data).toEqual({
      publication_id: publication.id,
      bucket: 'hour',
      since: '2026-11-30T00:00:00.000Z',
      until: '2026-11-30T04:00:00.000Z',
      points: [
        {
          at: '2026-11-30T00:00:00.000Z',
          ...zero,
          opens: 3,
          unique_opens: 2,
          clicks: 1,
          unique_clicks: 1,
        },
        { at: '2026-11-30T01:00:00.000Z', ...zero },
        { at: '2026-11-30T02:00:00.000Z', ...zero, opens: 3, unique_opens: 1, unsubscribes: 1 },
        { at: '2026-11-30T03:00:00.000Z', ...zero, clicks: 2, unique_clicks: 2 },
      ],
    });
  });

  it('counts per UTC day, people counted once a day', async () => {
    const response = await request(testApp.http)
      .get(timelineOf(publication.id))
      .query({ bucket: 'day', since: '2026-11-29T00:00:00Z', until: '2026-12-02T00:00:00Z' })
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data.points).toEqual([
      { at: '2026-11-29T00:00:00.000Z', ...zero, opens: 1, unique_opens: 1 },
      {
        at: '2026-11-30T00:00:00.000Z',
        opens: 7,
        unique_opens: 3,
        clicks: 3,
        unique_clicks: 2,
        unsubscribes: 1,
      },
      { at: '2026-12-01T00:00:00.000Z', ...zero },
    ]);
  });

  it('starts the first bucket at the whole hour, counting only events from since on', async () => {
    const response = await request(testApp.http)
      .get(timelineOf(publication.id))
      .query({ since: '2026-11-30T00:25:00Z', until: '2026-11-30T01:00:00Z' })
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data.bucket).toBe('hour');
    expect(response.body.data.points).toEqual([
      {
        at: '2026-11-30T00:00:00.000Z',
        ...zero,
        opens: 1,
        unique_opens: 1,
        clicks: 1,
        unique_clicks: 1,
      },
    ]);
  });

  it('chooses the bucket by span when none is given', async () => {
    const short = await request(testApp.http)
      .get(timelineOf(publication.id))
      .query({ since: '2026-11-28T00:00:00Z', until: '2026-12-01T00:00:00Z' })
      .set(testApp.auth)
      .expect(200);
    const long = await request(testApp.http)
      .get(timelineOf(publication.id))
      .query({ since: '2026-11-20T00:00:00Z', until: '2026-12-01T00:00:00Z' })
      .set(testApp.auth)
      .expect(200);

    expect(short.body.data).toMatchObject({ bucket: 'hour', points: expect.any(Array) });
    expect(short.body.data.points).toHaveLength(72);
    expect(long.body.data.bucket).toBe('day');
    expect(long.body.data.points).toHaveLength(11);
  });

  it("defaults to the publication's life so far: its events up to now", async () => {
    const recent = await insertPublication(db);
    const reader = await insertSubscriber(db);
    await insertAnalyticsEvents(db, [
      { publication: recent, metric: 'open', subscriber: reader },
      { publication: recent, metric: 'open', subscriber: reader },
      { publication: recent, metric: 'click', subscriber: reader },
    ]);

    const response = await request(testApp.http)
      .get(timelineOf(recent.id))
      .set(testApp.auth)
      .expect(200);

    const { bucket, points } = response.body.data as {
      bucket: string;
      points: { opens: number; clicks: number }[];
    };
    expect(bucket).toBe('hour');
    expect(points.length).toBeGreaterThanOrEqual(1);
    expect(points.length).toBeLessThanOrEqual(2);
    expect(points.reduce((sum, point) => sum + point.opens, 0)).toBe(2);
    expect(points.reduce((sum, point) => sum + point.clicks, 0)).toBe(1);
  });

  it('answers 404 for an unknown publication', async () => {
    expectProblem(await request(testApp.http).get(timelineOf(randomUUID())).set(testApp.auth), 404);
    expectProblem(await request(testApp.http).get(timelineOf('not-a-uuid')).set(testApp.auth), 404);
  });

  it.each([
    [{ bucket: 'week' }, 'bucket'],
    [{ since: 'yesterday' }, 'since'],
    [{ until: '2026-13-01T00:00:00Z' }, 'until'],
    [{ since: '2026-11-30T00:00:00Z', until: '2026-11-30T00:00:00Z' }, 'until'],
    [{ bucket: 'hour', since: '2026-01-01T00:00:00Z', until: '2026-12-01T00:00:00Z' }, 'since'],
  ])('answers 422 naming the field for %j', async (query, field) => {
    const response = await request(testApp.http)
      .get(timelineOf(publication.id))
      .query(query)
      .set(testApp.auth);
    expectProblem(response, 422, field);
  });

  it('needs an API key', async () => {
    expectProblem(await request(testApp.http).get(timelineOf(publication.id)), 401);
  });
});
