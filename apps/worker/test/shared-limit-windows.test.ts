import { createPrismaClient } from '@publishing/db';
import { insertChannel, insertPublication, insertSubscribers } from '@publishing/testing';
import { DeliveryWorker } from '../src/worker';
import { ArrivalSink, busiestWindow } from './support/arrival-sink';
import { testConfig, waitForFinalStatus } from './support/fixtures';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const env = useWorkerTestEnvironment();
const sink = new ArrivalSink();
beforeAll(() => sink.start());
afterAll(() => sink.stop());

/** Blocks this process's event loop for `ms` (the workers' timers and replies wait meanwhile). */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('a rate limit shared by several workers, per window', () => {
  it('never lets late sends bunch: any 1 s at the receiver holds at most the limit (+10 %) while the workers stall', async () => {
    const rate = 20;
    const channel = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: sink.url('/hooks/windows'), rate_limit_per_second: rate },
    });
    const readers = 60;
    const subscribers = await insertSubscribers(env.db, readers);
    await env.db.subscriberChannel.createMany({
      data: subscribers.map((reader) => ({ subscriberId: reader.id, channelId: channel.id })),
    });
    const publication = await insertPublication(env.db, { channelIds: [channel.id] });

    const clients = [createPrismaClient(env.databaseUrl), createPrismaClient(env.databaseUrl)];
    const workers = clients.map(
      (client) =>
        new DeliveryWorker({
          db: client,
          config: testConfig(env.databaseUrl, { WORKER_BATCH_SIZE: '20', WORKER_CONCURRENCY: '4' }),
        }),
    );
    // Both workers' timers fire 500 ms late once every 1.5 s: the slots due meanwhile would go
    // out together right after, beside the punctual sends of the next second (28–30 in a second
    // before sends that late were re-booked). A loaded machine stalls the same way, unevenly.
    const stalls = setInterval(() => stall(500), 1500);
    for (const worker of workers) worker.start();
    try {
      expect((await waitForFinalStatus(env.db, publication.id, 60_000)).status).toBe('completed');
    } finally {
      clearInterval(stalls);
      await Promise.all(workers.map((worker) => worker.stop()));
      await Promise.all(clients.map((client) => client.$disconnect()));
    }

    const arrivals = await sink.arrivals('/hooks/windows');
    expect(arrivals).toHaveLength(readers);
    expect(new Set(arrivals.map((arrival) => arrival.id)).size).toBe(readers);
    // Slots are 50 ms apart across both workers, a send more than 75 ms late is re-booked: a
    // window of 1 s holds sends of slots within 1.075 s, at most 22 (21–22 seen). The slack of
    // 3 is the way to the receiver, which a loaded machine delays unevenly too.
    expect(busiestWindow(arrivals, 1000)).toBeLessThanOrEqual(rate * 1.1 + 3);
  }, 90_000);
});
