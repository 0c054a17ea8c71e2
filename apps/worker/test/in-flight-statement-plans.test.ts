import { Prisma, type PrismaClient } from '@publishing/db';
import { insertChannel, insertPublication } from '@publishing/testing';
import { extendClaims } from '../src/deliveries/extend-claims';
import { markStarted, type StartRequest } from '../src/deliveries/mark-started';
import { recordOutcomes } from '../src/deliveries/record-outcomes';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

/**
 * The statements a worker runs on the deliveries it holds (start marks, the heartbeat, outcome
 * writes) find them by primary key, whatever the table's statistics say. Here the statistics are
 * taken while every delivery is pending, then all of them go in flight, as after a big fan-out:
 * a plan that trusted the (status, next_attempt_at) index for `status = 'sending'` would read
 * every row in flight for each batch (20–60 ms a statement at 30,000 rows in the benchmark). The
 * table is big enough that reading it whole (a sequential scan) would never be the cheaper plan.
 */
const env = useWorkerTestEnvironment();
const WORKER = 'plan-worker';
const IN_FLIGHT = 40_000;
const BATCH = 50;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** `db`, with each raw statement it runs kept in `recorded` (SQL text and values). */
function recording(db: PrismaClient, recorded: Prisma.Sql[]): PrismaClient {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== '$queryRaw' && property !== '$executeRaw')
        return Reflect.get(target, property, receiver) as unknown;
      return (strings: TemplateStringsArray, ...values: unknown[]) => {
        recorded.push(Prisma.sql(strings, ...values));
        return target[property](strings, ...values);
      };
    },
  });
}

/** How the plan reads publishing_deliveries: each index it uses, or `Seq Scan`. */
function accessesToDeliveries(node: PlanNode): string[] {
  const own =
    node['Index Name']?.startsWith('publishing_deliveries_') === true
      ? [node['Index Name']]
      : node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'publishing_deliveries'
        ? ['Seq Scan']
        : [];
  return [...own, ...(node.Plans ?? []).flatMap(accessesToDeliveries)];
}

describe('statements on deliveries in flight', () => {
  let held: { id: string; publicationId: string }[];
  let channelId: string;

  beforeAll(async () => {
    const channel = await insertChannel(env.db, { channelType: 'webhook' });
    channelId = channel.id;
    const publication = await insertPublication(env.db, { channelIds: [channel.id] });
    await env.db.$executeRaw`
      INSERT INTO publishing_subscribers (email)
      SELECT 'in-flight-' || i || '@example.test' FROM generate_series(1, ${IN_FLIGHT}::int) AS i`;
    await env.db.$executeRaw`
      INSERT INTO publishing_deliveries (publication_id, subscriber_id, channel_id)
      SELECT ${publication.id}::uuid, id, ${channel.id}::uuid FROM publishing_subscribers`;
    // Statistics of a table where nothing is in flight, kept as they are for the test.
    await env.db.$executeRaw`ALTER TABLE publishing_deliveries SET (autovacuum_enabled = false)`;
    await env.db.$executeRaw`ANALYZE publishing_deliveries`;
    await env.db.$executeRaw`
      UPDATE publishing_deliveries
         SET status = 'sending', claimed_by = ${WORKER}, attempts = 1,
             claim_expires_at = now() + interval '5 seconds'`;
    held = await env.db.delivery.findMany({
      select: { id: true, publicationId: true },
      orderBy: { id: 'asc' },
      take: BATCH * 4,
    });
  });

  it('mark, renew and write them through the primary key', async () => {
    const recorded: Prisma.Sql[] = [];
    const db = recording(env.db, recorded);
    const batch = (index: number): StartRequest[] =>
      held.slice(index * BATCH, (index + 1) * BATCH).map(({ id }) => ({ id, attempts: 1 }));

    expect((await extendClaims(db, WORKER, 30, batch(0))).size).toBe(BATCH);
    expect((await markStarted(db, WORKER, 60, batch(1))).started.size).toBe(BATCH);
    const windowed = batch(2).map((request) => ({
      ...request,
      window: { channelId, capacity: BATCH },
    }));
    expect((await markStarted(db, WORKER, 60, windowed)).started.size).toBe(BATCH);
    const outcomes = held
      .slice(3 * BATCH)
      .map(({ id, publicationId }) => ({ id, publicationId, kind: 'sent' as const }));
    expect((await recordOutcomes(db, WORKER, outcomes)).size).toBe(BATCH);

    const onDeliveries = recorded.filter((sql) => /\bpublishing_deliveries\b/.test(sql.text));
    expect(onDeliveries).toHaveLength(4);
    for (const sql of onDeliveries) {
      const [explained] = await env.db.$queryRawUnsafe<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
        `EXPLAIN (FORMAT JSON) ${sql.text}`,
        ...sql.values,
      );
      const accesses = accessesToDeliveries(explained!['QUERY PLAN'][0].Plan);
      expect(accesses.length).toBeGreaterThan(0);
      expect({ statement: sql.text.trim().slice(0, 40), accesses: [...new Set(accesses)] }).toEqual(
        {
          statement: sql.text.trim().slice(0, 40),
          accesses: ['publishing_deliveries_pkey'],
        },
      );
    }
  });
});
