import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '@publishing/channels';
import type { Channel, Publication, Subscriber } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { addEmailTracking } from '@publishing/templating';
import request from 'supertest';
import {
  HttpSink,
  SmtpSink,
  insertChannel,
  insertPublication,
  insertSubscriber,
  insertTemplate,
  type ReceivedMail,
  type ReceivedRequest,
} from '@publishing/testing';
import { createTestApp, type TestApp } from './support/test-app';

/** The built worker (turbo builds it before the API's tests). */
const WORKER_MAIN = resolve(__dirname, '../../worker/dist/main.js');
const SIGNING_SECRET = 'render-parity-signing-secret-0123456789abcdef';
const API_BASE_URL = 'https://api.publishing.test';
const HOOK_SECRET = 'render-parity-hook-secret';
/** CI runs this under heavy load: a cold worker start or a slow exit is not a failure. */
const WORKER_TIMEOUT_MS = 60_000;
jest.setTimeout(4 * WORKER_TIMEOUT_MS);

/**
 * The issue's core assertion: for the same subscriber, `POST /publications/{id}/test` and the
 * worker's real delivery send byte-identical content on every push channel type. What may
 * differ is named where it is excluded: the delivery id (`X-Publishing-Delivery`, the email's
 * Message-ID, `delivery_id` of the default webhook payload), the webhook signature (it signs a
 * timestamp), the email's Date and MIME boundaries, and the email tracking a test send leaves
 * out (analytics must not count tests): the delivered HTML must equal the test's HTML with the
 * signed click links and open pixel added.
 */
describe('a test send renders exactly what a delivery sends', () => {
  let testApp: TestApp;
  let db: PrismaService;
  const sink = new HttpSink();
  const smtp = new SmtpSink();

  beforeAll(async () => {
    await Promise.all([sink.start(), smtp.start()]);
    testApp = await createTestApp({ SIGNING_SECRET, API_BASE_URL });
    db = testApp.app.get(PrismaService);
  });
  afterAll(async () => {
    await testApp?.close();
    await Promise.all([sink.stop(), smtp.stop()]);
  });

  interface Channels {
    email: Channel;
    webhook: Channel;
    slack: Channel;
    discord: Channel;
  }

  async function channels(token: string): Promise<Channels> {
    return {
      email: await insertChannel(db, {
        configuration: smtp.channelConfiguration('news@example.com'),
      }),
      webhook: await insertChannel(db, {
        channelType: 'webhook',
        configuration: { url: sink.url(`/hook/${token}`), signing_secret: HOOK_SECRET },
      }),
      slack: await insertChannel(db, {
        channelType: 'slack',
        configuration: { webhook_url: sink.url(`/slack/${token}`) },
      }),
      discord: await insertChannel(db, {
        channelType: 'discord',
        configuration: { webhook_url: sink.url(`/discord/${token}`) },
      }),
    };
  }

  async function subscriber(channelIds: string[], data: Record<string, string>) {
    const created = await insertSubscriber(db, { channelIds });
    return db.subscriber.update({
      where: { id: created.id },
      data: { personalizationData: data },
    });
  }

  /** What the test send delivered; the sinks are then cleared for the worker's sends. */
  async function testSend(publication: Publication) {
    const response = await request(testApp.http)
      .post(`/api/v1/publications/${publication.id}/test`)
      .set(testApp.auth)
      .send({})
      .expect(200);
    expect(response.body.data).toMatchObject({ failed: 0 });
  }

  /** Runs the built worker until every delivery of the publication is sent, then stops it. */
  async function deliverWithWorker(publication: Publication, expected: number) {
    const worker = spawn(process.execPath, [WORKER_MAIN], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        NODE_ENV: 'test',
        DATABASE_URL: testApp.database.url,
        SIGNING_SECRET,
        API_BASE_URL,
        ALLOW_PRIVATE_TARGETS: 'true',
        WORKER_POLL_INTERVAL_MS: '50',
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => worker.once('exit', done));
    try {
      await waitFor(`${expected} sent deliveries`, async () => {
        if (worker.exitCode !== null) throw new Error(`the worker exited:\n${output}`);
        const sent = await db.delivery.count({
          where: { publicationId: publication.id, status: 'sent' },
        });
        return sent === expected;
      });
    } finally {
      if (worker.exitCode === null) worker.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        exited,
        new Promise<'timeout'>((done) => (timer = setTimeout(done, WORKER_TIMEOUT_MS, 'timeout'))),
      ]);
      clearTimeout(timer);
      if (code === 'timeout') worker.kill('SIGKILL');
      expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
    }
  }

  function takeRequest(path: string): ReceivedRequest {
    const requests = sink.requestsTo(path);
    expect(requests).toHaveLength(1);
    return requests[0] as ReceivedRequest;
  }

  function takeMail(address: string): ReceivedMail {
    const mails = smtp.to(address);
    expect(mails).toHaveLength(1);
    return mails[0] as ReceivedMail;
  }

  /** Everything but the named, legitimately different parts, for a byte-for-byte comparison. */
  function comparableMail(mail: ReceivedMail) {
    return {
      subject: mail.header('subject'),
      from: mail.header('from'),
      to: mail.header('to'),
      listUnsubscribe: mail.header('list-unsubscribe'),
      listUnsubscribePost: mail.header('list-unsubscribe-post'),
      text: mail.parsed.text,
      html: mail.parsed.html,
    };
  }

  function comparableRequest(received: ReceivedRequest) {
    const {
      'x-publishing-delivery': delivery,
      [SIGNATURE_HEADER.toLowerCase()]: signature,
      // Connection details of the request, not content.
      connection: _connection,
      host: _host,
      ...headers
    } = received.headers;
    return { headers, body: received.body, signature, delivery };
  }

  function expectSameRequest(test: ReceivedRequest, delivered: ReceivedRequest) {
    const a = comparableRequest(test);
    const b = comparableRequest(delivered);
    expect(b.body).toBe(a.body);
    expect(b.headers).toEqual(a.headers);
    return { test: a, delivered: b };
  }

  function expectSameMail(
    test: ReceivedMail,
    delivered: ReceivedMail,
    ids: { publication: Publication; channel: Channel; subscriber: Subscriber },
  ) {
    const a = comparableMail(test);
    const b = comparableMail(delivered);
    expect(typeof a.html).toBe('string');
    expect(b.html).toBe(
      addEmailTracking(
        a.html as string,
        { apiBaseUrl: API_BASE_URL, signingSecret: SIGNING_SECRET },
        {
          publicationId: ids.publication.id,
          channelId: ids.channel.id,
          subscriberId: ids.subscriber.id,
        },
        {
          skipUrls: a.listUnsubscribe
            ? [a.listUnsubscribe.slice(1, a.listUnsubscribe.indexOf('>'))]
            : [],
        },
      ),
    );
    expect({ ...b, html: undefined }).toEqual({ ...a, html: undefined });
  }

  it('with a template and personalization, on email, webhook, Slack and Discord', async () => {
    const token = randomUUID();
    const to = await channels(token);
    const template = await insertTemplate(db, {
      templateType: 'email',
      contentStructure: {
        subject: '{{ greeting }}, {{ first_name }}: issue {{ issue }}',
        body_html:
          '<html><body><h1>Hello {{ first_name }} &amp; co</h1>' +
          '<p>Channel {{ channel.name }} ({{ channel.type }}), {{ publication.type }} ' +
          '{{ publication.scheduled_time }} for {{ subscriber.email }} in {{ subscriber.data.city }}.</p>' +
          "<p><a href='https://example.com/read?issue={{ issue }}&amp;x=1' class=btn>Read</a> " +
          '<a HREF="mailto:editor@example.com">Write</a> <a href="#top">Top</a></p>' +
          '<!-- <a href="https://example.com/hidden">hidden</a> -->' +
          '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>',
        payload: {
          event: 'issue',
          issue: '{{ issue }}',
          to: '{{ subscriber.email }}',
          name: '{{ first_name }}',
          unsubscribe: '{{ unsubscribe_url }}',
          content: ['{% for id in publication.content_ids %}{{ id }} {% endfor %}'],
        },
      },
      variableDefinitions: {
        greeting: { type: 'string', default: 'Hi' },
        first_name: { type: 'string', default: 'reader' },
        issue: { type: 'string', required: true },
      },
    });
    const everyChannel = [to.email.id, to.webhook.id, to.slack.id, to.discord.id];
    const publication = await insertPublication(db, {
      channelIds: everyChannel,
      templateId: template.id,
      contentIds: [randomUUID(), randomUUID()],
      personalizationRules: { variables: { issue: '42', greeting: 'Good morning' } },
      scheduledTime: new Date(Date.now() - 1_000),
    });
    const ada = await subscriber(everyChannel, { first_name: 'Ada', city: 'London' });

    await testSend(publication);
    const tested = {
      mail: takeMail(ada.email),
      webhook: takeRequest(`/hook/${token}`),
      slack: takeRequest(`/slack/${token}`),
      discord: takeRequest(`/discord/${token}`),
    };

    await deliverWithWorker(publication, 4);
    const delivered = {
      mail: second(smtp.to(ada.email)),
      webhook: second(sink.requestsTo(`/hook/${token}`)),
      slack: second(sink.requestsTo(`/slack/${token}`)),
      discord: second(sink.requestsTo(`/discord/${token}`)),
    };

    expectSameMail(tested.mail, delivered.mail, {
      publication,
      channel: to.email,
      subscriber: ada,
    });
    expect(tested.mail.parsed.text).toContain('Hello Ada & co');
    expect(delivered.mail.parsed.html).toContain('/track/click?');
    const hook = expectSameRequest(tested.webhook, delivered.webhook);
    for (const side of [hook.test, hook.delivered]) {
      expect(verifyWebhookSignature(HOOK_SECRET, String(side.signature), side.body)).toBe(true);
    }
    expect(hook.test.delivery).toMatch(/^test-/);
    const webhookDelivery = await db.delivery.findFirstOrThrow({
      where: { publicationId: publication.id, channelId: to.webhook.id },
    });
    expect(hook.delivered.delivery).toBe(webhookDelivery.id);
    expect(JSON.parse(hook.delivered.body)).toMatchObject({ issue: '42', name: 'Ada' });
    expectSameRequest(tested.slack, delivered.slack);
    expectSameRequest(tested.discord, delivered.discord);
    expect(delivered.slack.body).toContain('Good morning, Ada: issue 42');
  });

  it('without a template: the default email, and the default webhook payload but its delivery_id', async () => {
    const token = randomUUID();
    const to = await channels(token);
    const publication = await insertPublication(db, {
      channelIds: [to.email.id, to.webhook.id],
      contentIds: [randomUUID()],
      scheduledTime: new Date(Date.now() - 1_000),
    });
    const bob = await subscriber([to.email.id, to.webhook.id], { first_name: 'Bob' });

    await testSend(publication);
    const testedMail = takeMail(bob.email);
    const testedHook = takeRequest(`/hook/${token}`);

    await deliverWithWorker(publication, 2);
    const deliveredMail = second(smtp.to(bob.email));
    const deliveredHook = second(sink.requestsTo(`/hook/${token}`));

    expectSameMail(testedMail, deliveredMail, { publication, channel: to.email, subscriber: bob });
    expect(testedMail.parsed.text).toContain('Unsubscribe: https://api.publishing.test/');

    const delivery = await db.delivery.findFirstOrThrow({
      where: { publicationId: publication.id, channelId: to.webhook.id },
    });
    const tested = JSON.parse(testedHook.body) as { delivery_id: string };
    const sent = JSON.parse(deliveredHook.body) as { delivery_id: string };
    expect(tested.delivery_id).toMatch(/^test-/);
    expect(sent.delivery_id).toBe(delivery.id);
    expect(deliveredHook.body).toBe(
      testedHook.body.replace(JSON.stringify(tested.delivery_id), JSON.stringify(delivery.id)),
    );
  });
});

/** The worker's send, after the test send's. */
function second<T>(received: T[]): T {
  expect(received).toHaveLength(2);
  return received[1] as T;
}

function sleep(ms: number) {
  return new Promise((done) => setTimeout(done, ms));
}

async function waitFor(description: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WORKER_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await sleep(50);
  }
}
