import { randomUUID } from 'node:crypto';
import { expectProblem } from '@publishing/testing';
import pg from 'pg';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

/** Pagination every list route shares: offset or `after` cursors, and the bounded total. */
describe('list pagination', () => {
  let testApp: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    testApp = await createTestApp();
    db = new pg.Client({ connectionString: testApp.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await testApp?.close();
  });

  const get = (path: string) => request(testApp.http).get(path).set(testApp.auth);

  /** Follows next_cursor from the first page to the last, collecting the ids in order. */
  async function walk(path: string, key: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 1_000; pages += 1) {
      const separator = path.includes('?') ? '&' : '?';
      const response = await get(
        `${path}${separator}limit=${limit}${after ? `&after=${after}` : ''}`,
      ).expect(200);
      const page = response.body.data as Record<string, unknown> & { next_cursor: string | null };
      ids.push(...(page[key] as { id: string }[]).map((row) => row.id));
      if (page.next_cursor === null) return ids;
      after = page.next_cursor;
    }
    throw new Error('the cursor never reached the end');
  }

  it('walks publications end to end by cursor, newest first, with ties in created_at, no duplicate or gap', async () => {
    // Equal created_at values, and values apart by microseconds within one millisecond (which
    // JavaScript dates cannot tell apart).
    await db.query(`
      INSERT INTO publishing_publications (publication_type, scheduled_time, created_at)
      SELECT 'digest', now(),
             timestamptz '2030-01-01T00:00:00Z' + make_interval(secs => (i / 10) * 0.0001)
      FROM generate_series(1, 47) AS i`);
    const expected = (
      await db.query<{ id: string }>(
        `SELECT id FROM publishing_publications WHERE publication_type = 'digest'
         ORDER BY created_at DESC, id DESC`,
      )
    ).rows.map((row) => row.id);

    for (const limit of [1, 5, 47, 100]) {
      expect(
        await walk('/api/v1/publications?publication_type=digest', 'publications', limit),
      ).toEqual(expected);
    }
  });

  it('walks subscribers and channels newest first, and deliveries oldest first, by cursor', async () => {
    await db.query(`
      INSERT INTO publishing_subscribers (email, created_at)
      SELECT 'walk-' || i || '@example.test', timestamptz '2030-01-01T00:00:00Z' + make_interval(secs => (i / 4) * 0.0003)
      FROM generate_series(1, 23) AS i`);
    const subscribers = (
      await db.query<{ id: string }>(
        `SELECT id FROM publishing_subscribers WHERE email LIKE 'walk-%' ORDER BY created_at DESC, id DESC`,
      )
    ).rows.map((row) => row.id);
    expect(await walk('/api/v1/subscribers?email=walk-', 'subscribers', 4)).toEqual(subscribers);

    const channel = await db.query<{ id: string }>(
      `INSERT INTO publishing_channels (name, channel_type) VALUES ('walk channel', 'webhook') RETURNING id`,
    );
    const publication = await db.query<{ id: string }>(
      `INSERT INTO publishing_publications (publication_type, scheduled_time) VALUES ('newsletter', now()) RETURNING id`,
    );
    await db.query(
      `INSERT INTO publishing_deliveries (publication_id, subscriber_id, channel_id, created_at)
       SELECT $1, s.id, $2, timestamptz '2030-01-01T00:00:00Z' + make_interval(secs => (row_number() OVER ()) / 5 * 0.0002)
       FROM publishing_subscribers s WHERE s.email LIKE 'walk-%'`,
      [publication.rows[0]!.id, channel.rows[0]!.id],
    );
    const deliveries = (
      await db.query<{ id: string }>(
        `SELECT id FROM publishing_deliveries WHERE publication_id = $1 ORDER BY created_at, id`,
        [publication.rows[0]!.id],
      )
    ).rows.map((row) => row.id);
    expect(
      await walk(`/api/v1/publications/${publication.rows[0]!.id}/deliveries`, 'deliveries', 3),
    ).toEqual(deliveries);

    const channels = (
      await db.query<{ id: string }>(
        `SELECT id FROM publishing_channels ORDER BY created_at DESC, id DESC`,
      )
    ).rows.map((row) => row.id);
    expect(await walk('/api/v1/channels', 'channels', 2)).toEqual(channels);
  });

  it('says the total is exact on a small table, and gives next_cursor null on the last page', async () => {
    await db.query(`
      INSERT INTO publishing_alerts (content_id, target_channels, priority)
      SELECT gen_random_uuid(), '{}', 'low' FROM generate_series(1, 3)`);
    const all = await get('/api/v1/alerts?limit=100').expect(200);
    expect(all.body.data).toMatchObject({
      total_count: 3,
      total_count_exact: true,
      limit: 100,
      offset: 0,
      next_cursor: null,
    });

    const first = await get('/api/v1/alerts?limit=2').expect(200);
    expect(first.body.data.next_cursor).toEqual(expect.any(String));
    const second = await get(`/api/v1/alerts?limit=2&after=${first.body.data.next_cursor}`).expect(
      200,
    );
    expect(second.body.data).toMatchObject({ total_count: 3, next_cursor: null });
    expect(second.body.data.alerts).toHaveLength(1);
  });

  it('counts exactly up to 10,000 matching rows and estimates past them, saying so', async () => {
    await db.query(`
      INSERT INTO publishing_templates (name, template_type)
      SELECT 'counted', 'slack' FROM generate_series(1, 10000)`);
    const exact = await get('/api/v1/templates?template_type=slack&limit=1').expect(200);
    expect(exact.body.data).toMatchObject({ total_count: 10_000, total_count_exact: true });

    await db.query(
      `INSERT INTO publishing_templates (name, template_type) VALUES ('one more', 'slack')`,
    );
    await db.query('ANALYZE publishing_templates');
    const filtered = await get('/api/v1/templates?template_type=slack&limit=1').expect(200);
    expect(filtered.body.data).toMatchObject({ total_count: 10_001, total_count_exact: false });
    const unfiltered = await get('/api/v1/templates?limit=1').expect(200);
    expect(unfiltered.body.data.total_count_exact).toBe(false);
    expect(unfiltered.body.data.total_count).toBeGreaterThanOrEqual(10_001);
  });

  it('keeps offset paging up to 10,000 and points deeper pages to the cursor (422 naming offset)', async () => {
    await get('/api/v1/publications?offset=10000').expect(200);
    const deep = await get('/api/v1/publications?offset=10001');
    expectProblem(deep, 422, 'offset');
    expect(JSON.stringify(deep.body)).toContain('after');
  });

  it('refuses a malformed cursor, or a cursor with an offset, with a 422 naming the field', async () => {
    const forged = Buffer.from(JSON.stringify(['not a time', randomUUID()])).toString('base64url');
    for (const after of [
      'x',
      '%00',
      'a'.repeat(300),
      forged,
      Buffer.from('[]').toString('base64url'),
    ]) {
      expectProblem(await get(`/api/v1/publications?after=${after}`), 422, 'after');
      expectProblem(await get(`/api/v1/subscribers?after=${after}`), 422, 'after');
    }
    const page = await get('/api/v1/channels?limit=1').expect(200);
    const cursor = page.body.data.next_cursor as string;
    expectProblem(await get(`/api/v1/channels?after=${cursor}&offset=5`), 422, 'offset');
  });

  it('ends the walk, rather than failing, when the cursor row was deleted meanwhile', async () => {
    await db.query(`
      INSERT INTO publishing_channels (name, channel_type, created_at)
      SELECT 'gone-' || i, 'rss', timestamptz '2031-01-01T00:00:00Z' - make_interval(secs => i)
      FROM generate_series(1, 4) AS i`);
    const first = await get('/api/v1/channels?name=gone-&limit=2').expect(200);
    const [, last] = first.body.data.channels as { id: string }[];
    await db.query('DELETE FROM publishing_channels WHERE id = $1', [last!.id]);
    const next = await get(
      `/api/v1/channels?name=gone-&limit=2&after=${first.body.data.next_cursor}`,
    );
    expect(next.status).toBe(200);
    expect((next.body.data.channels as { name: string }[]).map((channel) => channel.name)).toEqual([
      'gone-3',
      'gone-4',
    ]);
  });
});
