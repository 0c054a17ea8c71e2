import pg from 'pg';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Every list route reads its page (and its bounded total) through an index in (created_at, id)
 * order: no sort of the table, no sequential scan of it. The tables are seeded big enough that
 * the planner prefers an index whenever one serves the query, and the SQL checked is exactly what
 * each route sent (recorded at the `pg` driver while the request ran).
 */
const BIG_TABLES = [
  'publishing_publications',
  'publishing_subscribers',
  'publishing_deliveries',
  'publishing_alerts',
  'publishing_channels',
  'publishing_templates',
  'publishing_analytics',
];
const ROWS = 60_000;
const SMALLER_ROWS = 20_000;
/** Open events, spread evenly over this many publications. */
const EVENTS = 60_000;
const EVENT_PUBLICATIONS = 600;
/** A Sort over this many rows or more would be a sort of the table, not of a page or of groups. */
const SORT_ROWS_ALLOWED = 1_000;

interface RecordedQuery {
  text: string;
  values: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Plan Rows': number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

describe('list query plans on big tables', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let publicationWithDeliveries: string;
  let publicationWithEvents: string;
  const recorded: RecordedQuery[] = [];
  // Kept to restore and to call with its own `this`: unbinding is the point here.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originalQuery = pg.Client.prototype.query;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = new pg.Client({ connectionString: testApp.database.url });
    await db.connect();
    await seed(db);
    publicationWithDeliveries = (
      await db.query<{ id: string }>(
        `SELECT publication_id AS id FROM publishing_deliveries LIMIT 1`,
      )
    ).rows[0]!.id;
    publicationWithEvents = (
      await db.query<{ id: string }>(
        `SELECT publication_id AS id FROM publishing_analytics LIMIT 1`,
      )
    ).rows[0]!.id;
  }, 180_000);

  afterAll(async () => {
    pg.Client.prototype.query = originalQuery;
    await db?.end();
    await testApp?.close();
  });

  /** The SQL the route sends, recorded at the driver while the request runs. */
  async function queriesOf(
    path: string,
  ): Promise<{ body: Record<string, unknown>; queries: RecordedQuery[] }> {
    recorded.length = 0;
    const record = function (this: pg.Client, ...args: unknown[]) {
      const [config, values] = args as [unknown, unknown];
      if (typeof config === 'object' && config !== null && 'text' in config) {
        const { text, values: configValues } = config as { text: string; values?: unknown[] };
        recorded.push({ text, values: configValues ?? [] });
      } else if (typeof config === 'string') {
        recorded.push({ text: config, values: Array.isArray(values) ? values : [] });
      }
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    };
    pg.Client.prototype.query = record as typeof originalQuery;
    try {
      const response = await request(testApp.http).get(path).set(testApp.auth).expect(200);
      return { body: response.body.data as Record<string, unknown>, queries: [...recorded] };
    } finally {
      pg.Client.prototype.query = originalQuery;
    }
  }

  async function planOf(query: RecordedQuery, analyze = false): Promise<PlanNode> {
    // The unpatched method: this EXPLAIN is not one of the route's queries.
    const explain = originalQuery as unknown as (
      this: pg.Client,
      text: string,
      values: unknown[],
    ) => Promise<pg.QueryResult>;
    const options = analyze ? 'ANALYZE, FORMAT JSON' : 'FORMAT JSON';
    const result = await explain.call(db, `EXPLAIN (${options}) ${query.text}`, query.values);
    return (result.rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan;
  }

  async function expectIndexedPlans(path: string): Promise<Record<string, unknown>> {
    const { body, queries } = await queriesOf(path);
    // Prisma's queries quote table names, raw SQL (the aggregates) may not.
    const onBigTables = queries.filter((query) =>
      BIG_TABLES.some((table) => new RegExp(`\\b${table}\\b`).test(query.text)),
    );
    expect(onBigTables.length).toBeGreaterThan(0);
    for (const query of onBigTables) {
      const nodes = flatten(await planOf(query));
      const described = `${path}\n${query.text}\n${nodes.map((node) => `${node['Node Type']} ${node['Relation Name'] ?? ''} (${node['Plan Rows']})`).join('\n')}`;
      const seqScans = nodes.filter(
        (node) => node['Node Type'] === 'Seq Scan' && BIG_TABLES.includes(node['Relation Name']!),
      );
      const tableSorts = nodes.filter(
        (node) => node['Node Type'].endsWith('Sort') && node['Plan Rows'] >= SORT_ROWS_ALLOWED,
      );
      expect({ seqScans: seqScans.length, tableSorts: tableSorts.length, plan: described }).toEqual(
        {
          seqScans: 0,
          tableSorts: 0,
          plan: described,
        },
      );
    }
    return body;
  }

  it.each([
    '/api/v1/publications?limit=20',
    '/api/v1/publications?limit=20&status=failed',
    '/api/v1/publications?limit=20&offset=5000',
    '/api/v1/subscribers?limit=20',
    '/api/v1/subscribers?limit=20&status=paused',
    '/api/v1/alerts?limit=20',
    '/api/v1/channels?limit=20',
    '/api/v1/templates?limit=20',
  ])('%s reads an index in list order', async (path) => {
    await expectIndexedPlans(path);
  });

  /** The statements of a route that read `table` (Prisma quotes and qualifies its names). */
  const reading = (queries: RecordedQuery[], table: string): RecordedQuery[] =>
    queries.filter((query) => query.text.includes(`"public"."${table}"`));

  it.each([
    ['/api/v1/publications?limit=20', 'publishing_publications', 'publishing_publication_channels'],
    ['/api/v1/subscribers?limit=20', 'publishing_subscribers', 'publishing_subscriber_channels'],
    ['/api/v1/publications/{id}', 'publishing_publications', 'publishing_publication_channels'],
  ])(
    "%s reads the rows' channels in the statement that reads the rows",
    async (path, rows, links) => {
      const { queries } = await queriesOf(path.replace('{id}', publicationWithDeliveries));
      // One statement reads the links, and it is the one that reads the rows (Prisma's relation
      // joins): without them Prisma sends a second statement on the links table alone.
      const linkReads = reading(queries, links);
      expect(linkReads).toHaveLength(1);
      expect(reading(linkReads, rows)).toHaveLength(1);
    },
  );

  it.each([
    ['/api/v1/publications?limit=20&offset=5000', 'publishing_publication_channels'],
    ['/api/v1/subscribers?limit=20&offset=5000', 'publishing_subscriber_channels'],
  ])(
    '%s looks up the links of the rows it answers, not of the rows it skips',
    async (path, links) => {
      const { queries } = await queriesOf(path);
      let lookups = 0;
      for (const query of reading(queries, links)) {
        const nodes = flatten(await planOf(query, true));
        for (const node of nodes.filter((scan) => scan['Relation Name'] === links))
          lookups += node['Actual Loops'] ?? 1;
      }
      // Joined into the page's statement, the links would be looked up for all 5,021 rows read.
      expect(lookups).toBeGreaterThan(0);
      expect(lookups).toBeLessThan(100);
    },
  );

  it("a publication's deliveries, filtered or not, read an index in list order", async () => {
    const base = `/api/v1/publications/${publicationWithDeliveries}/deliveries?limit=20`;
    await expectIndexedPlans(base);
    await expectIndexedPlans(`${base}&status=failed`);
  });

  it("a publication's failure reasons are grouped from its failed deliveries through an index", async () => {
    const failing = (
      await db.query<{ id: string; failed: number }>(
        `SELECT publication_id AS id, count(*)::int AS failed FROM publishing_deliveries
          WHERE status = 'failed' GROUP BY publication_id LIMIT 1`,
      )
    ).rows[0]!;
    const body = await expectIndexedPlans(
      `/api/v1/publications/${failing.id}/deliveries/failure-reasons`,
    );
    const grouped = recorded.find((query) => /GROUP BY\s.*"?failure_reason"?/.test(query.text));
    expect(JSON.stringify(await planOf(grouped!))).toContain(
      'publishing_deliveries_publication_id_status_created_at_id_idx',
    );
    expect(body.reasons).toEqual([
      { failure_reason: null, count: failing.failed, example_error: null },
    ]);
  });

  it("a publication's engagement timeline reads its events through the publication_id index", async () => {
    const path = `/api/v1/analytics/engagement/publication/${publicationWithEvents}/timeline`;
    const body = await expectIndexedPlans(path);
    expect(recorded.some((query) => /FROM publishing_analytics\b/.test(query.text))).toBe(true);
    const points = body.points as { opens: number }[];
    expect(points.reduce((sum, point) => sum + point.opens, 0)).toBe(EVENTS / EVENT_PUBLICATIONS);
    const monthAgo = new Date(Date.now() - 30 * 24 * 3600_000).toISOString();
    await expectIndexedPlans(`${path}?bucket=day&since=${monthAgo}`);
  });

  /** Rows the page query (not the count) read from the big tables, filtered-out ones included. */
  async function rowsReadByPage(path: string): Promise<number> {
    const { queries } = await queriesOf(path);
    const page = queries.filter(
      (query) =>
        query.text.includes('ORDER BY') &&
        !query.text.includes('COUNT(') &&
        BIG_TABLES.some((table) => query.text.includes(`FROM "public"."${table}"`)),
    );
    expect(page).toHaveLength(1);
    const nodes = flatten(await planOf(page[0]!, true));
    return nodes
      .filter((node) => BIG_TABLES.includes(node['Relation Name'] ?? ''))
      .reduce(
        (sum, node) =>
          sum +
          ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) *
            (node['Actual Loops'] ?? 1),
        0,
      );
  }

  it.each(['/api/v1/publications?limit=20', '/api/v1/subscribers?limit=20'])(
    '%s after a cursor deep in the table still reads an index from the cursor on',
    async (path) => {
      const first = await expectIndexedPlans(`${path}&offset=${10_000 - 20}`);
      expect(first.next_cursor).toEqual(expect.any(String));
      const after = `${path}&after=${String(first.next_cursor)}`;
      await expectIndexedPlans(after);
      // The page after row 10,000 reads about a page of rows (and the cursor row), not 10,000.
      expect(await rowsReadByPage(after)).toBeLessThan(50);
      expect(await rowsReadByPage(`${path}&offset=${10_000 - 20}`)).toBeGreaterThan(10_000 - 20);
    },
  );

  it('answers an estimate, flagged, when more rows match than the exact-count cap', async () => {
    const { body } = await queriesOf('/api/v1/publications?limit=1');
    expect(body.total_count_exact).toBe(false);
    // ANALYZE made PostgreSQL's estimate close to the real count.
    expect(body.total_count).toBeGreaterThan(ROWS * 0.9);
    expect(body.total_count).toBeLessThan(ROWS * 1.1);

    const filtered = await queriesOf('/api/v1/publications?limit=1&status=scheduled');
    expect(filtered.body).toMatchObject({ total_count: 10_001, total_count_exact: false });

    const few = await queriesOf('/api/v1/publications?limit=1&status=failed');
    expect(few.body).toMatchObject({ total_count: ROWS / 10, total_count_exact: true });
  });
});

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

/**
 * ROWS publications (one in ten failed, the rest scheduled) and subscribers (one in ten paused),
 * 20,000 channels, templates and alerts, 30 publications with 2,000 deliveries each, 600 with 100
 * open events each in the last hour (those publications are older, so a timeline from their
 * creation holds every event); then ANALYZE.
 */
async function seed(db: pg.Client): Promise<void> {
  await db.query(`
    INSERT INTO publishing_publications (publication_type, scheduled_time, status, created_at)
    SELECT 'newsletter', now(),
           CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'scheduled' END::publication_status,
           now() - make_interval(secs => i)
    FROM generate_series(1, ${ROWS}) AS i`);
  await db.query(`
    INSERT INTO publishing_subscribers (email, subscription_status, created_at)
    SELECT 'plan-' || i || '@example.test',
           CASE WHEN i % 10 = 0 THEN 'paused' ELSE 'active' END::subscription_status,
           now() - make_interval(secs => i)
    FROM generate_series(1, ${ROWS}) AS i`);
  await db.query(`
    INSERT INTO publishing_channels (name, channel_type, created_at)
    SELECT 'plan-channel-' || i, 'webhook', now() - make_interval(secs => i)
    FROM generate_series(1, ${SMALLER_ROWS}) AS i`);
  await db.query(`
    INSERT INTO publishing_templates (name, template_type, created_at)
    SELECT 'plan-template-' || i, 'email', now() - make_interval(secs => i)
    FROM generate_series(1, ${SMALLER_ROWS}) AS i`);
  // Each of 30 publications has a delivery to 2,000 subscribers.
  await db.query(`
    WITH publication AS (SELECT id, row_number() OVER (ORDER BY id) AS n
                         FROM publishing_publications ORDER BY id LIMIT 30),
         subscriber AS (SELECT id, created_at, row_number() OVER (ORDER BY id) AS n
                        FROM publishing_subscribers),
         channel AS (SELECT id FROM publishing_channels LIMIT 1)
    INSERT INTO publishing_deliveries (publication_id, subscriber_id, channel_id, status, created_at)
    SELECT publication.id, subscriber.id, channel.id,
           CASE WHEN subscriber.n % 10 = 0 THEN 'failed' ELSE 'pending' END::delivery_status,
           subscriber.created_at
    FROM subscriber
    JOIN publication ON publication.n = 1 + subscriber.n % 30
    CROSS JOIN channel`);
  await db.query(`
    INSERT INTO publishing_alerts (content_id, target_channels, priority, created_at)
    SELECT gen_random_uuid(), '{}', 'high', now() - make_interval(secs => i)
    FROM generate_series(1, ${SMALLER_ROWS}) AS i`);
  await db.query(`
    WITH publication AS (SELECT id, row_number() OVER (ORDER BY id) AS n
                         FROM publishing_publications
                         WHERE created_at < now() - interval '1 hour'
                         ORDER BY id LIMIT ${EVENT_PUBLICATIONS})
    INSERT INTO publishing_analytics (publication_id, channel_type, metric_type, metric_value, recorded_at)
    SELECT publication.id, 'webhook', 'open', 1, now() - make_interval(secs => i % 3600)
    FROM generate_series(1, ${EVENTS}) AS i
    JOIN publication ON publication.n = 1 + i % ${EVENT_PUBLICATIONS}`);
  // VACUUM sets the visibility map, as autovacuum would have on a table this old.
  await db.query('VACUUM ANALYZE');
}
