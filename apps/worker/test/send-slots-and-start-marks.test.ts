import { createPrismaClient } from '@publishing/db';
import { insertChannel, insertPublication, insertSubscriber } from '@publishing/testing';
import { claimDeliveries } from '../src/deliveries/claim-deliveries';
import { extendClaims } from '../src/deliveries/extend-claims';
import { markStarted } from '../src/deliveries/mark-started';
import { reserveSendSlots } from '../src/rate-limit/send-slots';
import { windowCapacityOf } from '../src/rate-limit/send-window';
import { startNextDuePublication } from '../src/scheduler/claim-due-publications';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const env = useWorkerTestEnvironment();

describe('shared send slots', () => {
  it('grants slots evenly spaced within the horizon, and concurrent reservations never overlap', async () => {
    const channel = await insertChannel(env.db, { channelType: 'webhook' });
    const limit = { ratePerSecond: 10, burst: 1 };
    const clients = [createPrismaClient(env.databaseUrl), createPrismaClient(env.databaseUrl)];
    try {
      // Two workers ask for 20 slots each at once; 1 s ahead at 10/s holds 11 slots (0 … 1000 ms).
      // On a loaded machine the two statements may run some time apart: the horizon then moves
      // on by that time, and each answer is measured from its own statement's clock.
      const started = performance.now();
      const askedAt = Date.now();
      const grants = await Promise.all(
        clients.map((client) =>
          reserveSendSlots(client, [{ channelId: channel.id, limit, wanted: 20 }], 1000),
        ),
      );
      const apartMs = performance.now() - started;
      const [first, second] = grants.map((grant) => grant.get(channel.id)!);
      expect(first!.granted + second!.granted).toBeGreaterThanOrEqual(11);
      expect(first!.granted + second!.granted).toBeLessThanOrEqual(11 + Math.ceil(apartMs / 100));
      expect(first!.intervalMs).toBe(100);
      // The later reservation starts where the earlier one ended.
      const [early, late] =
        first!.firstInMs < second!.firstInMs ? [first!, second!] : [second!, first!];
      expect(Math.abs(late.firstInMs - early.firstInMs - early.granted * 100)).toBeLessThan(
        80 + apartMs,
      );
      expect(late.nextFreeInMs).toBeGreaterThan(1000);
      const row = await env.db.channelSendSlots.findUniqueOrThrow({
        where: { channelId: channel.id },
      });
      // At least the horizon's worth of slots ahead of when the reservations were asked for.
      expect(row.nextFreeAt.getTime()).toBeGreaterThan(askedAt + 900);
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });

  it('lets a burst go at once after an idle period', async () => {
    const channel = await insertChannel(env.db, { channelType: 'webhook' });
    const grants = await reserveSendSlots(
      env.db,
      [{ channelId: channel.id, limit: { ratePerSecond: 1, burst: 3 }, wanted: 5 }],
      100,
    );
    const grant = grants.get(channel.id)!;
    // Three slots at once (two of them "in the past"), the next 1 s later: beyond the horizon.
    expect(grant.granted).toBe(3);
    expect(grant.firstInMs).toBeLessThanOrEqual(-1900);
  });
});

describe('start marks', () => {
  it('extends only claims still held by this worker at the claimed attempt', async () => {
    const channel = await insertChannel(env.db, { channelType: 'webhook' });
    for (let index = 0; index < 3; index += 1)
      await insertSubscriber(env.db, { channelIds: [channel.id] });
    await insertPublication(env.db, { channelIds: [channel.id] });
    await startNextDuePublication(env.db, { maxLatenessSeconds: 0 });
    const claimed = await claimDeliveries(env.db, {
      workerId: 'me',
      limit: 10,
      leaseSeconds: 2,
      horizonMs: 1000,
      budgets: [{ channelId: channel.id, max: 10, intervalMs: 1, burst: 1 }],
    });
    expect(claimed.sending).toHaveLength(3);
    const [kept, retaken, otherAttempt] = claimed.sending;
    // One claim expired and another worker took it; another was retaken by this same worker
    // (a new attempt): neither may be sent on the old claim.
    await env.db.delivery.update({ where: { id: retaken!.id }, data: { claimedBy: 'other' } });
    await env.db.delivery.update({
      where: { id: otherAttempt!.id },
      data: { attempts: { increment: 1 } },
    });
    const started = await markStarted(
      env.db,
      'me',
      60,
      claimed.sending.map((delivery) => ({ id: delivery.id, attempts: delivery.attempts })),
    );
    expect([...started.started]).toEqual([kept!.id]);
    expect(started.refused.size).toBe(0);
    const row = await env.db.delivery.findUniqueOrThrow({ where: { id: kept!.id } });
    expect(row.claimExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });
});

describe('send windows', () => {
  it('lets paced sends through while the last second has room, counted atomically across workers', async () => {
    const channel = await insertChannel(env.db, { channelType: 'webhook' });
    const other = await insertChannel(env.db, { channelType: 'webhook' });
    for (let index = 0; index < 20; index += 1)
      await insertSubscriber(env.db, { channelIds: [channel.id, other.id] });
    await insertPublication(env.db, { channelIds: [channel.id, other.id] });
    await startNextDuePublication(env.db, { maxLatenessSeconds: 0 });
    const claimed = await claimDeliveries(env.db, {
      workerId: 'me',
      limit: 40,
      leaseSeconds: 30,
      horizonMs: 1000,
      budgets: [channel, other].map((budget) => ({
        channelId: budget.id,
        max: 20,
        intervalMs: 1,
        burst: 1,
      })),
    });
    const limit = { ratePerSecond: 10, burst: 1 };
    const capacity = windowCapacityOf(limit);
    expect(capacity).toBe(10);
    const windowed = claimed.sending
      .filter((delivery) => delivery.channelId === channel.id)
      .map((delivery) => ({
        id: delivery.id,
        attempts: delivery.attempts,
        window: { channelId: channel.id, capacity },
      }));
    // The other channel's sends pass no window: all of them are marked.
    const free = claimed.sending
      .filter((delivery) => delivery.channelId === other.id)
      .map((delivery) => ({ id: delivery.id, attempts: delivery.attempts }));
    const clients = [createPrismaClient(env.databaseUrl), createPrismaClient(env.databaseUrl)];
    try {
      // Two workers, eight sends each at once, plus the free ones: the window's row is created
      // by whichever comes first and counted by both.
      const marks = await Promise.all([
        markStarted(clients[0]!, 'me', 60, [...windowed.slice(0, 8), ...free.slice(0, 10)]),
        markStarted(clients[1]!, 'me', 60, [...windowed.slice(8, 16), ...free.slice(10)]),
      ]);
      const started = marks.flatMap((mark) => [...mark.started]);
      const refused = marks.flatMap((mark) => [...mark.refused]);
      expect(started.filter((id) => free.some((send) => send.id === id))).toHaveLength(20);
      expect(started.filter((id) => windowed.some((send) => send.id === id))).toHaveLength(10);
      expect(refused).toHaveLength(6);
      // Refused sends were not marked: their claim keeps its short lease.
      const refusedRows = await env.db.delivery.findMany({ where: { id: { in: refused } } });
      for (const row of refusedRows)
        expect(row.claimExpiresAt!.getTime()).toBeLessThan(Date.now() + 40_000);
      // Room again once the second has passed.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const later = await markStarted(env.db, 'me', 60, windowed.slice(16));
      expect(later.started.size).toBe(4);
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });
});

describe('the claim heartbeat', () => {
  it("renews this worker's aging unstarted claims, never shortens a lease, skips retaken rows", async () => {
    const channel = await insertChannel(env.db, { channelType: 'webhook' });
    for (let index = 0; index < 3; index += 1)
      await insertSubscriber(env.db, { channelIds: [channel.id] });
    await insertPublication(env.db, { channelIds: [channel.id] });
    await startNextDuePublication(env.db, { maxLatenessSeconds: 0 });
    const claimed = await claimDeliveries(env.db, {
      workerId: 'beating',
      limit: 10,
      leaseSeconds: 3,
      horizonMs: 1000,
      budgets: [{ channelId: channel.id, max: 10, intervalMs: 1, burst: 1 }],
    });
    const held = claimed.sending.map((delivery) => ({
      id: delivery.id,
      attempts: delivery.attempts,
    }));
    // Fresh claims need no renewal yet.
    expect((await extendClaims(env.db, 'beating', 3, held)).size).toBe(0);
    const [aging, retaken, started] = held;
    await env.db.$executeRaw`
      UPDATE publishing_deliveries SET claim_expires_at = now() + interval '500 milliseconds'
       WHERE id IN (${aging!.id}::uuid, ${retaken!.id}::uuid)`;
    await env.db.delivery.update({ where: { id: retaken!.id }, data: { claimedBy: 'other' } });
    await markStarted(env.db, 'beating', 60, [started!]);
    expect([...(await extendClaims(env.db, 'beating', 3, held))]).toEqual([aging!.id]);
    const rows = new Map(
      (await env.db.delivery.findMany({ where: { id: { in: held.map((h) => h.id) } } })).map(
        (row) => [row.id, row.claimExpiresAt!.getTime()],
      ),
    );
    expect(rows.get(aging!.id)).toBeGreaterThan(Date.now() + 2000);
    expect(rows.get(retaken!.id)).toBeLessThan(Date.now() + 1000);
    expect(rows.get(started!.id)).toBeGreaterThan(Date.now() + 50_000);
  });
});
