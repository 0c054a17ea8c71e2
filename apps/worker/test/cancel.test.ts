import { createPrismaClient, type PrismaClient } from '@publishing/db';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { HttpSink, insertChannel, insertPublication, insertSubscriber } from '@publishing/testing';
import { DeliveryWorker } from '../src/worker';
import { deliveriesOf, publicationState, testConfig, waitFor } from './support/fixtures';

let database: TestDatabase;
let db: PrismaClient;
const http = new HttpSink();

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrismaClient(database.url);
  await http.start();
});

afterAll(async () => {
  await http.stop();
  await db?.$disconnect();
  await database?.drop();
});

it('stops sending a cancelled publication within one batch and cancels the rest', async () => {
  http.respond('/hooks/cancel', () => ({ status: 200, delayMs: 40 }));
  const channel = await insertChannel(db, {
    channelType: 'webhook',
    configuration: { url: http.url('/hooks/cancel'), rate_limit_per_second: 1000 },
  });
  for (let index = 0; index < 30; index += 1)
    await insertSubscriber(db, { channelIds: [channel.id] });
  const { id: publicationId } = await insertPublication(db, { channelIds: [channel.id] });

  const batchSize = 2;
  const worker = new DeliveryWorker({
    db,
    config: testConfig(database.url, {
      WORKER_CONCURRENCY: '1',
      WORKER_BATCH_SIZE: String(batchSize),
    }),
  });
  worker.start();
  let receivedAtCancel = 0;
  try {
    await waitFor('a few sends', () => http.requestsTo('/hooks/cancel').length >= 5 || undefined);
    // What the API's cancel does: one conditional UPDATE of the publication.
    await db.publication.updateMany({
      where: { id: publicationId, status: 'processing' },
      data: { status: 'cancelled' },
    });
    receivedAtCancel = http.requestsTo('/hooks/cancel').length;
    await waitFor(
      'no pending or sending delivery left',
      async () =>
        (await db.delivery.count({
          where: { publicationId, status: { in: ['pending', 'sending'] } },
        })) === 0 || undefined,
    );
  } finally {
    await worker.stop();
  }

  const received = http.requestsTo('/hooks/cancel').length;
  expect(received).toBeLessThanOrEqual(receivedAtCancel + batchSize);
  const rows = await deliveriesOf(db, publicationId);
  const sent = rows.filter((row) => row.status === 'sent').length;
  const cancelled = rows.filter((row) => row.status === 'cancelled').length;
  expect(sent).toBe(received);
  expect(sent + cancelled).toBe(30);
  expect(cancelled).toBeGreaterThanOrEqual(30 - receivedAtCancel - batchSize);

  const state = await publicationState(db, publicationId);
  expect(state.status).toBe('cancelled');
  expect(state.channelResults).toMatchObject({
    [channel.id]: { total: 30, sent, cancelled, pending: 0, status: 'cancelled' },
  });
});
