import { insertChannel, insertPublication, insertSubscriber } from '@publishing/testing';
import { DeliveryWorker } from '../src/worker';
import { deliveriesOf, testConfig, waitForFinalStatus } from './support/fixtures';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const env = useWorkerTestEnvironment({ http: true, smtp: true });
const { http, smtp } = env;

describe('deliveries with ALLOW_PRIVATE_TARGETS=false', () => {
  it('fail at once, permanently, for channels at private addresses, sending nothing', async () => {
    const channels = await Promise.all([
      insertChannel(env.db, {
        channelType: 'webhook',
        configuration: { url: http.url('/hooks/literal') },
      }),
      insertChannel(env.db, {
        channelType: 'slack',
        configuration: { webhook_url: http.url('/slack/named').replace('127.0.0.1', 'localhost') },
      }),
      insertChannel(env.db, {
        channelType: 'discord',
        configuration: {
          webhook_url: http.url('/discord/mapped').replace('127.0.0.1', '[::ffff:127.0.0.1]'),
        },
      }),
      insertChannel(env.db, {
        channelType: 'email',
        configuration: {
          ...smtp.channelConfiguration('news@publishing.test'),
          smtp_host: 'localhost',
        },
      }),
    ]);
    const channelIds = channels.map((channel) => channel.id);
    await insertSubscriber(env.db, { channelIds });
    const { id: publicationId } = await insertPublication(env.db, { channelIds });

    const worker = new DeliveryWorker({
      db: env.db,
      config: testConfig(env.databaseUrl, {
        ALLOW_PRIVATE_TARGETS: 'false',
        WORKER_MAX_ATTEMPTS: '3',
      }),
    });
    worker.start();
    let final;
    try {
      final = await waitForFinalStatus(env.db, publicationId);
    } finally {
      await worker.stop();
    }

    expect(final.status).toBe('failed');
    const deliveries = await deliveriesOf(env.db, publicationId);
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
