import { createLogger } from '@publishing/logging';
import { insertChannel, insertPublication, insertSubscriber } from '@publishing/testing';
import { Scheduler } from '../src/scheduler/scheduler';
import { ignoredEvents } from '../src/worker-events';
import { publicationState, waitFor } from './support/fixtures';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const env = useWorkerTestEnvironment();

function scheduler(events = ignoredEvents) {
  return new Scheduler({
    db: env.db,
    logger: createLogger({ name: 'test', level: 'silent' }),
    events,
    pollIntervalMs: 20,
    maxLatenessSeconds: 0,
  });
}

describe('Scheduler', () => {
  it('fans out each due publication once, leaving future ones, and tells its listener', async () => {
    const channel = await insertChannel(env.db, { channelType: 'webhook' });
    for (let index = 0; index < 3; index += 1)
      await insertSubscriber(env.db, { channelIds: [channel.id] });
    const due = await insertPublication(env.db, { channelIds: [channel.id] });
    const future = await insertPublication(env.db, {
      channelIds: [channel.id],
      scheduledTime: new Date(Date.now() + 3_600_000),
    });
    const started: string[] = [];
    const first = scheduler({ ...ignoredEvents, publicationStarted: (p) => started.push(p.id) });
    const second = scheduler();

    const [a, b] = await Promise.all([first.startDuePublications(), second.startDuePublications()]);
    expect([...a, ...b].map((publication) => publication.id)).toEqual([due.id]);
    expect(await env.db.delivery.count({ where: { publicationId: due.id } })).toBe(3);
    expect((await publicationState(env.db, due.id)).status).toBe('processing');
    expect((await publicationState(env.db, future.id)).status).toBe('scheduled');
    expect(started).toEqual(a.map((publication) => publication.id));
  });

  it('moves a processing publication on from its deliveries, whoever sent them', async () => {
    const channel = await insertChannel(env.db, { channelType: 'webhook' });
    await insertSubscriber(env.db, { channelIds: [channel.id] });
    const publication = await insertPublication(env.db, { channelIds: [channel.id] });
    const running = scheduler();
    await running.startDuePublications();
    // Another worker sent it.
    await env.db.delivery.updateMany({
      where: { publicationId: publication.id },
      data: { status: 'sent', sentAt: new Date() },
    });
    running.start();
    try {
      await waitFor(
        'the publication to complete',
        async () =>
          (await publicationState(env.db, publication.id)).status === 'completed' || undefined,
      );
    } finally {
      await running.stop();
    }
  });
});
