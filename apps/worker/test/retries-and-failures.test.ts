import {
  insertChannel,
  insertPublication,
  insertSubscriber,
  insertTemplate,
} from '@publishing/testing';
import { DeliveryWorker } from '../src/worker';
import { deliveriesOf, testConfig, waitForFinalStatus } from './support/fixtures';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const env = useWorkerTestEnvironment({ http: true, smtp: true });
const { http, smtp } = env;

async function runUntilFinished(publicationId: string, overrides: Record<string, string> = {}) {
  const worker = new DeliveryWorker({ db: env.db, config: testConfig(env.databaseUrl, overrides) });
  worker.start();
  try {
    return await waitForFinalStatus(env.db, publicationId);
  } finally {
    await worker.stop();
  }
}

function emailChannel() {
  return insertChannel(env.db, {
    channelType: 'email',
    configuration: {
      ...smtp.channelConfiguration('news@publishing.test'),
      rate_limit_per_second: 1000,
    },
  });
}

function webhookChannel(path: string) {
  return insertChannel(env.db, { channelType: 'webhook', configuration: { url: http.url(path) } });
}

describe('retries and failures', () => {
  it('retries a transient failure (503, 503, then 200) and ends sent after 3 attempts', async () => {
    http.respond('/hooks/flaky', (_request, count) =>
      count <= 2 ? { status: 503, body: 'upstream busy' } : { status: 200 },
    );
    const channel = await webhookChannel('/hooks/flaky');
    await insertSubscriber(env.db, { channelIds: [channel.id] });
    const { id: publicationId } = await insertPublication(env.db, { channelIds: [channel.id] });

    const final = await runUntilFinished(publicationId);
    expect(final.status).toBe('completed');
    const [delivery] = await deliveriesOf(env.db, publicationId);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 3, failureReason: null });
    expect(delivery?.lastError).toBe('http_503: the endpoint answered HTTP 503: upstream busy');
    const posts = http.requestsTo('/hooks/flaky');
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((post) => post.headers['x-publishing-delivery']))).toEqual(
      new Set([delivery?.id]),
    );
  });

  it('honours 429 with Retry-After and counts it as transient', async () => {
    http.respond('/hooks/throttled', (_request, count) =>
      count === 1 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200 },
    );
    const channel = await insertChannel(env.db, {
      channelType: 'slack',
      configuration: { webhook_url: http.url('/hooks/throttled'), rate_limit_per_second: 100 },
    });
    await insertSubscriber(env.db, { channelIds: [channel.id] });
    const { id: publicationId } = await insertPublication(env.db, { channelIds: [channel.id] });
    expect((await runUntilFinished(publicationId)).status).toBe('completed');
    const [delivery] = await deliveriesOf(env.db, publicationId);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2 });
    const posts = http.requestsTo('/hooks/throttled');
    expect(posts[1]?.json).toEqual({
      text: expect.stringContaining('*New newsletter from the publishing service*'),
    });
  });

  it('records a permanent failure (400) with its reason at once, without blocking the other channel', async () => {
    http.respond('/hooks/broken', () => ({ status: 400, body: 'invalid_payload' }));
    const webhook = await webhookChannel('/hooks/broken');
    const email = await emailChannel();
    const subscribers = [];
    for (let index = 0; index < 3; index += 1)
      subscribers.push(await insertSubscriber(env.db, { channelIds: [webhook.id, email.id] }));
    const { id: publicationId } = await insertPublication(env.db, {
      channelIds: [webhook.id, email.id],
    });

    const final = await runUntilFinished(publicationId);
    const deliveries = await deliveriesOf(env.db, publicationId);
    const failed = deliveries.filter((delivery) => delivery.channelId === webhook.id);
    expect(
      failed.map((delivery) => [delivery.status, delivery.failureReason, delivery.attempts]),
    ).toEqual([
      ['failed', 'http_400', 1],
      ['failed', 'http_400', 1],
      ['failed', 'http_400', 1],
    ]);
    expect(failed[0]?.lastError).toBe('the endpoint answered HTTP 400: invalid_payload');
    expect(
      deliveries
        .filter((delivery) => delivery.channelId === email.id)
        .every((delivery) => delivery.status === 'sent'),
    ).toBe(true);
    const emailed = smtp.received.flatMap((mail) => mail.envelopeTo);
    for (const subscriber of subscribers) expect(emailed).toContain(subscriber.email);
    expect(http.requestsTo('/hooks/broken')).toHaveLength(3);
    // Some deliveries succeeded: the publication completed; the ledger says who did not get it.
    expect(final.status).toBe('completed');
    expect(final.channelResults).toMatchObject({
      [webhook.id]: { total: 3, sent: 0, failed: 3, status: 'failed' },
      [email.id]: { total: 3, sent: 3, failed: 0, status: 'completed' },
    });
  });

  it('gives up after WORKER_MAX_ATTEMPTS transient failures; all failed → publication failed', async () => {
    http.respond('/hooks/down', () => ({ status: 503 }));
    const channel = await insertChannel(env.db, {
      channelType: 'discord',
      configuration: { webhook_url: http.url('/hooks/down'), rate_limit_per_second: 100 },
    });
    await insertSubscriber(env.db, { channelIds: [channel.id] });
    const { id: publicationId } = await insertPublication(env.db, { channelIds: [channel.id] });
    const final = await runUntilFinished(publicationId, { WORKER_MAX_ATTEMPTS: '3' });
    expect(final.status).toBe('failed');
    expect(final.errorDetails).toBe('no delivery succeeded: 1 failed, 0 skipped, 0 cancelled');
    const [delivery] = await deliveriesOf(env.db, publicationId);
    expect(delivery).toMatchObject({ status: 'failed', failureReason: 'http_503', attempts: 3 });
    expect(delivery?.lastError).toMatch(
      /^gave up after 3 attempts \(WORKER_MAX_ATTEMPTS\): the endpoint answered HTTP 503/,
    );
    expect(http.requestsTo('/hooks/down')).toHaveLength(3);
  });

  it('classifies network errors as transient and configuration, address and template problems as permanent', async () => {
    const refused = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: 'http://127.0.0.1:9/closed' },
    });
    const unconfigured = await insertChannel(env.db, { channelType: 'webhook' });
    const email = await emailChannel();
    smtp.rejectRecipient = (address) => address.startsWith('gone-');
    const gone = await insertSubscriber(env.db, {
      email: `gone-${Date.now()}@example.com`,
      channelIds: [email.id],
    });
    const malformed = await insertSubscriber(env.db, {
      email: `no-domain-${Date.now()}@localhost`,
      channelIds: [email.id],
    });
    const reader = await insertSubscriber(env.db, { channelIds: [refused.id, unconfigured.id] });

    const { id: publicationId } = await insertPublication(env.db, {
      channelIds: [refused.id, unconfigured.id, email.id],
    });
    const final = await runUntilFinished(publicationId, { WORKER_MAX_ATTEMPTS: '2' });
    smtp.rejectRecipient = () => false;

    expect(final.status).toBe('failed');
    const outcome = Object.fromEntries(
      (await deliveriesOf(env.db, publicationId)).map((delivery) => [
        `${delivery.channelId}/${delivery.subscriberId}`,
        [delivery.status, delivery.failureReason, delivery.attempts],
      ]),
    );
    expect(outcome).toEqual({
      [`${refused.id}/${reader.id}`]: ['failed', 'network_error', 2],
      [`${unconfigured.id}/${reader.id}`]: ['failed', 'missing_configuration', 1],
      [`${email.id}/${gone.id}`]: ['failed', 'recipient_rejected', 1],
      [`${email.id}/${malformed.id}`]: ['failed', 'invalid_address', 1],
    });
    const [notConfigured] = (await deliveriesOf(env.db, publicationId)).filter(
      (delivery) => delivery.channelId === unconfigured.id,
    );
    expect(notConfigured?.lastError).toBe(
      `Channel "${unconfigured.name}" (${unconfigured.id}) is not configured: it needs configuration.url; set it with PUT /api/v1/channels/${unconfigured.id}.`,
    );
  });

  it('treats an endpoint that does not answer within WORKER_SEND_TIMEOUT_MS as a timeout', async () => {
    http.respond('/hooks/silent', () => ({ status: 200, delayMs: 3000 }));
    const channel = await webhookChannel('/hooks/silent');
    await insertSubscriber(env.db, { channelIds: [channel.id] });
    const { id: publicationId } = await insertPublication(env.db, { channelIds: [channel.id] });
    await runUntilFinished(publicationId, {
      WORKER_SEND_TIMEOUT_MS: '300',
      WORKER_MAX_ATTEMPTS: '1',
    });
    const [delivery] = await deliveriesOf(env.db, publicationId);
    expect(delivery).toMatchObject({ status: 'failed', failureReason: 'timeout', attempts: 1 });
    expect(delivery?.lastError).toBe(
      'gave up after 1 attempt (WORKER_MAX_ATTEMPTS): no answer within 300 ms',
    );
  });

  it('fails deliveries whose template lacks a required variable, naming it', async () => {
    const channel = await webhookChannel('/hooks/template');
    await insertSubscriber(env.db, { channelIds: [channel.id] });
    const template = await insertTemplate(env.db, {
      templateType: 'webhook',
      contentStructure: { payload: { code: '{{ coupon }}' } },
      variableDefinitions: { coupon: { type: 'string', required: true } },
    });
    const { id: publicationId } = await insertPublication(env.db, {
      channelIds: [channel.id],
      templateId: template.id,
    });
    await runUntilFinished(publicationId);
    const [delivery] = await deliveriesOf(env.db, publicationId);
    expect(delivery).toMatchObject({
      status: 'failed',
      failureReason: 'missing_variables',
      attempts: 1,
    });
    expect(delivery?.lastError).toContain('variable "coupon" is required');
    expect(http.requestsTo('/hooks/template')).toHaveLength(0);
  });

  it('fails a publication that is later than the maximum lateness with too_late, sending nothing', async () => {
    const channel = await webhookChannel('/hooks/late');
    await insertSubscriber(env.db, { channelIds: [channel.id] });
    const { id: publicationId } = await insertPublication(env.db, {
      channelIds: [channel.id],
      scheduledTime: new Date(Date.now() - 2 * 3600_000),
    });
    const final = await runUntilFinished(publicationId, { WORKER_MAX_LATENESS_SECONDS: '3600' });
    expect(final.status).toBe('failed');
    expect(final.errorDetails).toMatch(
      /^too_late: due at \S+Z, 720\d s late; the maximum lateness is 3600 s/,
    );
    expect(await env.db.delivery.count({ where: { publicationId } })).toBe(0);
    expect(http.requestsTo('/hooks/late')).toHaveLength(0);
  });
});
