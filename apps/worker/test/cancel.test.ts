import { insertChannel, insertPublication, insertSubscriber } from '@publishing/testing';
import { DeliveryWorker } from '../src/worker';
import { deliveriesOf, publicationState, testConfig, waitFor } from './support/fixtures';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const env = useWorkerTestEnvironment({ http: true });
const { http } = env;

it('stops sending a cancelled publication within one batch and cancels the rest', async () => {
  http.respond('/hooks/cancel', () => ({ status: 200, delayMs: 40 }));
  const channel = await insertChannel(env.db, {
    channelType: 'webhook',
    configuration: { url: http.url('/hooks/cancel'), rate_limit_per_second: 1000 },
  });
  for (let index = 0; index < 30; index += 1)
    await insertSubscriber(env.db, { channelIds: [channel.id] });
  const { id: publicationId } = await insertPublication(env.db, { channelIds: [channel.id] });

  const batchSize = 2;
  const worker = new DeliveryWorker({
    db: env.db,
    config: testConfig(env.databaseUrl, {
      WORKER_CONCURRENCY: '1',
      WORKER_BATCH_SIZE: String(batchSize),
    }),
  });
  worker.start();
  let receivedAtCancel = 0;
  try {
    await waitFor('a few sends', () => http.requestsTo('/hooks/cancel').length >= 5 || undefined);
    // What the API's cancel does: one conditional UPDATE of the publication.
    await env.db.publication.updateMany({
      where: { id: publicationId, status: 'processing' },
      data: { status: 'cancelled' },
    });
    receivedAtCancel = http.requestsTo('/hooks/cancel').length;
    await waitFor(
      'no pending or sending delivery left',
      async () =>
        (await env.db.delivery.count({
          where: { publicationId, status: { in: ['pending', 'sending'] } },
        })) === 0 || undefined,
    );
  } finally {
    await worker.stop();
  }

  const received = http.requestsTo('/hooks/cancel').length;
  expect(received).toBeLessThanOrEqual(receivedAtCancel + batchSize);
  const rows = await deliveriesOf(env.db, publicationId);
  const sent = rows.filter((row) => row.status === 'sent').length;
  const cancelled = rows.filter((row) => row.status === 'cancelled').length;
  expect(sent).toBe(received);
  expect(sent + cancelled).toBe(30);
  expect(cancelled).toBeGreaterThanOrEqual(30 - receivedAtCancel - batchSize);

  const state = await publicationState(env.db, publicationId);
  expect(state.status).toBe('cancelled');
  expect(state.channelResults).toMatchObject({
    [channel.id]: { total: 30, sent, cancelled, pending: 0, status: 'cancelled' },
  });
});
