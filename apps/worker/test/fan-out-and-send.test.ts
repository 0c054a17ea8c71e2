import { verifyClickSignature, verifyUnsubscribeToken } from '@publishing/templating';
import { verifyWebhookSignature } from '@publishing/channels';
import { fanOutPublication } from '../src/scheduler/fan-out';
import { DeliveryWorker } from '../src/worker';
import {
  insertChannel,
  insertPublication,
  insertSubscriber,
  insertTemplate,
} from '@publishing/testing';
import {
  API_BASE_URL,
  SIGNING_SECRET,
  deliveriesOf,
  testConfig,
  waitForFinalStatus,
} from './support/fixtures';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const WEBHOOK_SECRET = 'whsec_test_0123456789';
const N = 12;

const env = useWorkerTestEnvironment({ http: true, smtp: true });
const { http, smtp } = env;

async function runUntilFinished(publicationId: string) {
  // First attempts are asserted: a send timeout with room for a loaded machine (CI runs every
  // package's tests at once), so a slow sink is not retried.
  const config = testConfig(env.databaseUrl, {
    WORKER_SEND_TIMEOUT_MS: '10000',
    WORKER_LEASE_SECONDS: '20',
  });
  const worker = new DeliveryWorker({ db: env.db, config });
  worker.start();
  try {
    return await waitForFinalStatus(env.db, publicationId);
  } finally {
    await worker.stop();
  }
}

describe('fan-out and sending over email and webhook', () => {
  it('delivers N subscribers × 2 channels exactly once each, rendered, signed and tracked', async () => {
    const emailChannel = await insertChannel(env.db, {
      channelType: 'email',
      configuration: {
        ...smtp.channelConfiguration('news@publishing.test'),
        from_name: 'Publishing News',
        rate_limit_per_second: 1000,
      },
    });
    const webhookChannel = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: {
        url: http.url('/hooks/main'),
        signing_secret: WEBHOOK_SECRET,
        headers: { 'x-tenant': 'acme' },
        rate_limit_per_second: 1000,
      },
    });
    const otherChannel = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: http.url('/hooks/other') },
    });
    const template = await insertTemplate(env.db, {
      templateType: 'email',
      contentStructure: {
        subject: 'Hello {{ first_name }}',
        body_html:
          '<html><body><p>Hi {{ first_name }}, {{ headline }}</p>' +
          '<p><a href="https://example.com/article?id=1&amp;x=2">Read the article</a></p>' +
          '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>',
        payload: {
          event: 'newsletter',
          headline: '{{ headline }}',
          name: '{{ first_name }}',
          to: '{{ subscriber.email }}',
        },
      },
      variableDefinitions: {
        first_name: { type: 'string', default: 'reader' },
        headline: { type: 'string', required: true },
      },
    });
    const bothChannels = [emailChannel.id, webhookChannel.id];

    const audience = [];
    for (let index = 0; index < N; index += 1) {
      audience.push(
        await insertSubscriber(env.db, {
          channelIds: bothChannels,
          personalizationData: { first_name: `Reader${index}` },
        }),
      );
    }
    const outsiders = [
      await insertSubscriber(env.db, {
        subscriptionStatus: 'unsubscribed',
        channelIds: bothChannels,
      }),
      await insertSubscriber(env.db, { subscriptionStatus: 'paused', channelIds: bothChannels }),
      await insertSubscriber(env.db, {
        subscriptions: bothChannels.map((channelId) => ({ channelId, status: 'unsubscribed' })),
      }),
      // A type preference names no channel: it does not subscribe anyone.
      await insertSubscriber(env.db, { preferredChannelTypes: ['email', 'webhook'] }),
      await insertSubscriber(env.db, { channelIds: [otherChannel.id] }),
    ];

    const { id: publicationId } = await insertPublication(env.db, {
      channelIds: bothChannels,
      templateId: template.id,
      personalizationRules: { variables: { headline: 'Big <news> & more' } },
    });
    const final = await runUntilFinished(publicationId);

    // Ledger: one sent delivery per subscriber × channel, first attempt.
    const deliveries = await deliveriesOf(env.db, publicationId);
    expect(deliveries).toHaveLength(N * 2);
    expect(
      deliveries.filter(
        (delivery) => !(delivery.status === 'sent' && delivery.attempts === 1 && delivery.sentAt),
      ),
    ).toEqual([]);
    expect(final.status).toBe('completed');
    const counts = {
      total: N,
      sent: N,
      failed: 0,
      pending: 0,
      skipped: 0,
      cancelled: 0,
      status: 'completed',
    };
    expect(final.channelResults).toEqual({
      [emailChannel.id]: { channel_type: 'email', ...counts },
      [webhookChannel.id]: { channel_type: 'webhook', ...counts },
    });

    // Email: N messages, to exactly the audience, rendered and escaped, tracked, unsubscribable.
    const audienceEmails = audience.map((subscriber) => subscriber.email).sort();
    expect(smtp.received).toHaveLength(N);
    expect(smtp.received.flatMap((mail) => mail.envelopeTo).sort()).toEqual(audienceEmails);
    for (const mail of smtp.received) {
      const subscriber = audience.find((candidate) => candidate.email === mail.envelopeTo[0])!;
      const index = audience.indexOf(subscriber);
      const delivery = deliveries.find(
        (row) => row.subscriberId === subscriber.id && row.channelId === emailChannel.id,
      )!;
      expect(mail.envelopeFrom).toBe('news@publishing.test');
      expect(mail.parsed.subject).toBe(`Hello Reader${index}`);
      expect(mail.header('message-id')).toBe(`<${delivery.id}@publishing.test>`);
      expect(delivery.providerMessageId).toBe(`<${delivery.id}@publishing.test>`);
      expect(mail.header('x-publishing-delivery')).toBe(delivery.id);

      const html = String(mail.parsed.html);
      expect(html).toContain(`Hi Reader${index}, Big &lt;news&gt; &amp; more`);
      expect(String(mail.parsed.text)).toContain(`Hi Reader${index}, Big <news> & more`);

      // The article link goes through a signed click link the API accepts.
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) =>
        (match[1] ?? '').replace(/&amp;/g, '&'),
      );
      const click = new URL(hrefs[0] ?? '');
      expect(`${click.origin}${click.pathname}`).toBe(
        `${API_BASE_URL}/api/v1/analytics/engagement/track/click`,
      );
      expect(Object.fromEntries(click.searchParams)).toMatchObject({
        publication_id: publicationId,
        channel_id: emailChannel.id,
        subscriber_id: subscriber.id,
        url: 'https://example.com/article?id=1&x=2',
      });
      expect(
        verifyClickSignature(
          SIGNING_SECRET,
          {
            publicationId,
            channelId: emailChannel.id,
            subscriberId: subscriber.id,
            url: 'https://example.com/article?id=1&x=2',
          },
          click.searchParams.get('sig') ?? '',
        ),
      ).toBe(true);
      expect(html).toContain(
        `${API_BASE_URL}/api/v1/analytics/engagement/track/open?publication_id=${publicationId}&amp;channel_id=${emailChannel.id}&amp;subscriber_id=${subscriber.id}`,
      );

      // RFC 8058: https + mailto List-Unsubscribe, one-click POST, a token signed for this subscriber.
      const listUnsubscribe = mail.header('list-unsubscribe') ?? '';
      const match = /^<(https:\/\/[^>]+)>, <(mailto:[^>]+)>$/.exec(listUnsubscribe);
      expect(match).not.toBeNull();
      const unsubscribe = new URL(match![1]!);
      expect(`${unsubscribe.origin}${unsubscribe.pathname}`).toBe(
        `${API_BASE_URL}/api/v1/unsubscribe`,
      );
      const token = unsubscribe.searchParams.get('token') ?? '';
      expect(verifyUnsubscribeToken(SIGNING_SECRET, token)).toEqual({
        subscriberId: subscriber.id,
        publicationId,
      });
      expect(match![2]).toBe(
        `mailto:news@publishing.test?subject=${encodeURIComponent(`unsubscribe ${token}`)}`,
      );
      expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      // The unsubscribe link in the body is the same URL, not routed through the click tracker.
      expect(hrefs[1]).toBe(match![1]);
    }

    // Webhook: N signed JSON posts carrying the rendered payload and the delivery id.
    const posts = http.requestsTo('/hooks/main');
    expect(posts).toHaveLength(N);
    const webhookDeliveries = deliveries.filter(
      (delivery) => delivery.channelId === webhookChannel.id,
    );
    expect(posts.map((post) => post.headers['x-publishing-delivery']).sort()).toEqual(
      webhookDeliveries.map((delivery) => delivery.id).sort(),
    );
    for (const post of posts) {
      expect(post.headers['content-type']).toBe('application/json');
      expect(post.headers['x-tenant']).toBe('acme');
      const signature = String(post.headers['x-publishing-signature']);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(WEBHOOK_SECRET, signature, post.body)).toBe(true);
      expect(verifyWebhookSignature('another-secret', signature, post.body)).toBe(false);
      const delivery = webhookDeliveries.find(
        (row) => row.id === post.headers['x-publishing-delivery'],
      )!;
      const subscriber = audience.find((candidate) => candidate.id === delivery.subscriberId)!;
      expect(post.json).toEqual({
        event: 'newsletter',
        headline: 'Big <news> & more',
        name: `Reader${audience.indexOf(subscriber)}`,
        to: subscriber.email,
      });
    }

    // Nobody outside the audience got anything, on any channel.
    const outsiderIds = new Set(outsiders.map((subscriber) => subscriber.id));
    expect(deliveries.some((delivery) => outsiderIds.has(delivery.subscriberId))).toBe(false);
    const outsiderEmails = new Set(outsiders.map((subscriber) => subscriber.email));
    expect(smtp.received.some((mail) => mail.envelopeTo.some((to) => outsiderEmails.has(to)))).toBe(
      false,
    );
    expect(http.requestsTo('/hooks/other')).toHaveLength(0);

    // Re-running the fan-out adds nothing.
    expect(await fanOutPublication(env.db, publicationId)).toBe(0);
    expect(await env.db.delivery.count({ where: { publicationId } })).toBe(N * 2);
  });

  it('skips subscribers who unsubscribe between fan-out and sending', async () => {
    const channel = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: http.url('/hooks/late-unsubscribe') },
    });
    const staying = await insertSubscriber(env.db, { channelIds: [channel.id] });
    const leaving = await insertSubscriber(env.db, { channelIds: [channel.id] });
    const leavingChannel = await insertSubscriber(env.db, { channelIds: [channel.id] });
    const { id: publicationId } = await insertPublication(env.db, { channelIds: [channel.id] });

    // Fan out only (no sending yet), then two of them leave.
    const scheduler = new DeliveryWorker({ db: env.db, config: testConfig(env.databaseUrl) });
    const started = await scheduler.startDuePublications();
    expect(started).toEqual([
      expect.objectContaining({ id: publicationId, status: 'processing', deliveriesCreated: 3 }),
    ]);
    await env.db.subscriber.update({
      where: { id: leaving.id },
      data: { subscriptionStatus: 'unsubscribed' },
    });
    await env.db.subscriberChannel.update({
      where: { subscriberId_channelId: { subscriberId: leavingChannel.id, channelId: channel.id } },
      data: { status: 'unsubscribed' },
    });

    const final = await runUntilFinished(publicationId);
    expect(final.status).toBe('completed');
    const posts = http.requestsTo('/hooks/late-unsubscribe');
    expect(
      posts.map((post) => (post.json as { subscriber: { id: string } }).subscriber.id),
    ).toEqual([staying.id]);
    const bySubscriber = Object.fromEntries(
      (await deliveriesOf(env.db, publicationId)).map((delivery) => [
        delivery.subscriberId,
        [delivery.status, delivery.failureReason, delivery.attempts],
      ]),
    );
    expect(bySubscriber).toEqual({
      [staying.id]: ['sent', null, 1],
      [leaving.id]: ['skipped', 'unsubscribed', 0],
      [leavingChannel.id]: ['skipped', 'channel_unsubscribed', 0],
    });
    expect(final.channelResults).toMatchObject({
      [channel.id]: { total: 3, sent: 1, skipped: 2, status: 'completed' },
    });
  });

  it('sends the built-in message when the publication has no template', async () => {
    const channel = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: http.url('/hooks/default') },
    });
    const subscriber = await insertSubscriber(env.db, { channelIds: [channel.id] });
    const contentId = '0b7c1a3e-5a9e-4d7e-9a63-0c0f6a3c1d2e';
    const { id: publicationId } = await insertPublication(env.db, {
      channelIds: [channel.id],
      contentIds: [contentId],
    });
    expect((await runUntilFinished(publicationId)).status).toBe('completed');
    const [post] = http.requestsTo('/hooks/default');
    expect(post?.json).toMatchObject({
      event: 'publication.published',
      publication: { id: publicationId, type: 'newsletter', content_ids: [contentId] },
      subscriber: { id: subscriber.id, email: subscriber.email },
      channel: { id: channel.id },
    });
    expect(post?.headers['x-publishing-signature']).toBeUndefined();
  });

  it('fails a publication without audience with the reason', async () => {
    const channel = await insertChannel(env.db, {
      channelType: 'webhook',
      configuration: { url: http.url('/hooks/nobody') },
    });
    const { id: publicationId } = await insertPublication(env.db, { channelIds: [channel.id] });
    const final = await runUntilFinished(publicationId);
    expect(final.status).toBe('failed');
    expect(final.errorDetails).toMatch(/^no_audience: /);
    expect(final.channelResults).toMatchObject({
      [channel.id]: { total: 0, status: 'no_audience' },
    });
  });
});
