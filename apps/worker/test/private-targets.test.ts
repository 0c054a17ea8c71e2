import { createPrismaClient, type PrismaClient } from '@publishing/db';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import {
  HttpSink,
  SmtpSink,
  insertChannel,
  insertPublication,
  insertSubscriber,
} from '@publishing/testing';
import { DeliveryWorker } from '../src/worker';
import { deliveriesOf, testConfig, waitForFinalStatus } from './support/fixtures';

let database: TestDatabase;
let db: PrismaClient;
const smtp = new SmtpSink();
const http = new HttpSink();

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrismaClient(database.url);
  await Promise.all([smtp.start(), http.start()]);
});

afterAll(async () => {
  await Promise.all([smtp.stop(), http.stop()]);
  await db?.$disconnect();
  await database?.drop();
});

describe('deliveries with ALLOW_PRIVATE_TARGETS=false', () => {
  it('fail at once, permanently, for channels at private addresses, sending nothing', async () => {
    const channels = await Promise.all([
      insertChannel(db, {
        channelType: 'webhook',
        configuration: { url: http.url('/hooks/literal') },
      }),
      insertChannel(db, {
        channelType: 'slack',
        configuration: { webhook_url: http.url('/slack/named').replace('127.0.0.1', 'localhost') },
      }),
      insertChannel(db, {
        channelType: 'discord',
        configuration: {
          webhook_url: http.url('/discord/mapped').replace('127.0.0.1', '[::ffff:127.0.0.1]'),
        },
      }),
      insertChannel(db, {
        channelType: 'email',
        configuration: {
          ...smtp.channelConfiguration('news@publishing.test'),
          smtp_host: 'localhost',
        },
      }),
    ]);
    const channelIds = channels.map((channel) => channel.id);
    await insertSubscriber(db, { channelIds });
    const { id: publicationId } = await insertPublication(db, { channelIds });

    const worker = new DeliveryWorker({
      db,
      config: testConfig(database.url, {
        ALLOW_PRIVATE_TARGETS: 'false',
        WORKER_MAX_ATTEMPTS: '3',
      }),
    });
    worker.start();
    let final;
    try {
      final = await waitForFinalStatus(db, publicationId);
    } finally {
      await worker.stop();
    }

    expect(final.status).toBe('failed');
    const deliveries = await deliveriesOf(db, publicationId);
    expect(deliveries).toHaveLength(4);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({
        status: 'failed',
        failureReason: 'target_not_allowed',
        attempts: 1,
      });
      expect(delivery.lastError).toMatch(
        /^(127\.0\.0\.1|localhost|\[::ffff:7f00:1\]) is an address that is not public \((loopback|localhost)\); .*ALLOW_PRIVATE_TARGETS=true/,
      );
    }
    expect(http.received).toEqual([]);
    expect(smtp.received).toEqual([]);
  });
});
