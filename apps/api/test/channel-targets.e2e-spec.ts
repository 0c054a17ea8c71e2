import { PrismaService } from '@publishing/db/nest';
import {
  HttpSink,
  SmtpSink,
  expectProblem,
  insertChannel,
  insertPublication,
} from '@publishing/testing';
import request from 'supertest';
import { channelInput, createChannel } from './factories/channels';
import { createTestApp, type TestApp } from './support/test-app';

const CHANNELS = '/api/v1/channels';
const FROM = 'news@publishing.test';

/** Without ALLOW_PRIVATE_TARGETS (its default, false): channels reach public addresses only. */
describe('channel targets with ALLOW_PRIVATE_TARGETS=false', () => {
  const sink = new HttpSink();
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let prisma: PrismaService;

  beforeAll(async () => {
    await Promise.all([sink.start(), smtp.start()]);
    testApp = await createTestApp({
      ALLOW_PRIVATE_TARGETS: 'false',
      // The operator's own SMTP server, on loopback: configuration, not a key holder's input.
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: FROM,
    });
    prisma = testApp.app.get(PrismaService);
  });
  afterAll(async () => {
    await testApp.close();
    await Promise.all([sink.stop(), smtp.stop()]);
  });

  const api = () => request(testApp.http);

  describe('POST /channels', () => {
    it.each([
      ['webhook', 'url', 'http://127.0.0.1:8080/hook', 'loopback'],
      ['webhook', 'url', 'http://localhost:8080/hook', 'localhost'],
      ['webhook', 'url', 'https://api.localhost/hook', 'localhost'],
      ['webhook', 'url', 'http://169.254.169.254/latest/meta-data/', 'linkLocal'],
      ['webhook', 'url', 'http://10.0.0.8/hook', 'private'],
      ['webhook', 'url', 'http://192.168.1.1/hook', 'private'],
      ['webhook', 'url', 'http://100.64.0.1/hook', 'carrierGradeNat'],
      ['webhook', 'url', 'http://224.0.0.1/hook', 'multicast'],
      ['webhook', 'url', 'http://0.0.0.0:8080/hook', 'unspecified'],
      ['webhook', 'url', 'http://2130706433/hook', 'loopback'],
      ['webhook', 'url', 'http://0x7f.1/hook', 'loopback'],
      ['webhook', 'url', 'http://0177.0.0.1/hook', 'loopback'],
      ['slack', 'webhook_url', 'http://[::1]:8080/services/T/B/X', 'loopback'],
      ['slack', 'webhook_url', 'http://[::ffff:127.0.0.1]/services/T/B/X', 'loopback'],
      ['slack', 'webhook_url', 'http://[fd00::1]/services/T/B/X', 'uniqueLocal'],
      ['discord', 'webhook_url', 'http://[fe80::1]/api/webhooks/1/x', 'linkLocal'],
      ['discord', 'webhook_url', 'http://[64:ff9b::a9fe:a9fe]/api/webhooks/1/x', 'linkLocal'],
      ['email', 'smtp_host', '127.0.0.1', 'loopback'],
      ['email', 'smtp_host', 'localhost', 'localhost'],
      ['email', 'smtp_host', '::1', 'loopback'],
      ['email', 'smtp_host', '172.16.0.25', 'private'],
    ] as const)(
      'refuses a %s channel whose %s is %s (%s), naming the field',
      async (type, key, target, range) => {
        const input = channelInput({ channel_type: type, configuration: { [key]: target } });
        const response = await api().post(CHANNELS).set(testApp.auth).send(input);

        expectProblem(response, 422, `configuration.${key}`);
        expect(response.body.errors).toContainEqual({
          field: `configuration.${key}`,
          message: expect.stringMatching(
            new RegExp(
              `^must point to a public address \\(this one is ${range}\\); .*ALLOW_PRIVATE_TARGETS=true`,
            ),
          ),
        });
        expect(await prisma.channel.count({ where: { name: input.name } })).toBe(0);
      },
    );

    it('accepts public targets, and names that are resolved only when sending', async () => {
      for (const configuration of [
        { url: 'https://hooks.example.test/incoming/abc' },
        { url: 'http://93.184.215.14/hook' },
        { url: 'https://[2606:4700:4700::1111]/hook' },
      ]) {
        await api()
          .post(CHANNELS)
          .set(testApp.auth)
          .send(channelInput({ configuration }))
          .expect(201);
      }
      await api()
        .post(CHANNELS)
        .set(testApp.auth)
        .send(
          channelInput({
            channel_type: 'email',
            configuration: { smtp_host: 'smtp.example.test' },
          }),
        )
        .expect(201);
    });
  });

  describe('PUT and PATCH /channels/:id', () => {
    it('refuses a private target and keeps the stored configuration', async () => {
      const channel = await createChannel(testApp, {
        configuration: { url: 'https://hooks.example.test/incoming/kept' },
      });

      const metadata = { configuration: { url: 'http://169.254.169.254/latest/meta-data/' } };
      for (const send of [
        () => api().put(`${CHANNELS}/${channel.id}`),
        () => api().patch(`${CHANNELS}/${channel.id}`),
      ]) {
        const response = await send().set(testApp.auth).send(metadata);
        expectProblem(response, 422, 'configuration.url');
      }
      const stored = await prisma.channel.findUniqueOrThrow({ where: { id: channel.id } });
      expect(stored.configuration).toEqual({ url: 'https://hooks.example.test/incoming/kept' });
    });
  });

  describe('POST /channels/:id/test', () => {
    /** A channel stored before the check (or while private targets were allowed). */
    const storedChannel = (channelType: 'webhook' | 'slack' | 'email', configuration: object) =>
      insertChannel(prisma, { channelType, configuration });

    it('refuses with 422, before connecting, a webhook at a private address or at localhost', async () => {
      for (const url of [
        sink.url('/hooks/literal'),
        sink.url('/hooks/named').replace('127.0.0.1', 'localhost'),
      ]) {
        const channel = await storedChannel('webhook', { url });

        const response = await api().post(`${CHANNELS}/${channel.id}/test`).set(testApp.auth);

        expectProblem(response, 422, 'configuration.url');
        expect(response.body.detail).toMatch(
          /cannot send a test message: (127\.0\.0\.1|localhost) is an address that is not public \((loopback|localhost)\);.*Nothing was sent/,
        );
      }
      expect(sink.received).toEqual([]);
    });

    it('names webhook_url for Slack and smtp_host for email', async () => {
      const slack = await storedChannel('slack', { webhook_url: sink.url('/slack/T/B/X') });
      const email = await storedChannel('email', {
        ...smtp.channelConfiguration(FROM),
        smtp_host: 'localhost',
      });

      expectProblem(
        await api().post(`${CHANNELS}/${slack.id}/test`).set(testApp.auth),
        422,
        'configuration.webhook_url',
      );
      expectProblem(
        await api()
          .post(`${CHANNELS}/${email.id}/test`)
          .set(testApp.auth)
          .send({ test_email: 'reader@example.test' }),
        422,
        'configuration.smtp_host',
      );
      expect(sink.received).toEqual([]);
      expect(smtp.to('reader@example.test')).toEqual([]);
    });
  });

  it('reports a publication test send to a private target as not sent, sending nothing', async () => {
    const channel = await insertChannel(prisma, {
      channelType: 'email',
      configuration: { ...smtp.channelConfiguration(FROM), smtp_host: 'localhost' },
    });
    const publication = await insertPublication(prisma, { channelIds: [channel.id] });

    const response = await api()
      .post(`/api/v1/publications/${publication.id}/test`)
      .set(testApp.auth)
      .send({ test_email: 'reader@example.test' })
      .expect(200);

    expect(response.body.data).toMatchObject({ successful: 0, failed: 1 });
    expect(response.body.data.delivery_results).toEqual([
      expect.objectContaining({
        channel_id: channel.id,
        sent: false,
        error: expect.stringMatching(/^localhost is an address that is not public \(localhost\)/),
      }),
    ]);
    expect(smtp.to('reader@example.test')).toEqual([]);
  });

  it("sends POST /email/test through the operator's own SMTP_HOST, private or not", async () => {
    const response = await api()
      .post('/api/v1/email/test')
      .set(testApp.auth)
      .send({ to_email: 'operator@example.test' })
      .expect(200);

    expect(response.body.data).toMatchObject({ status: 'sent' });
    expect(smtp.to('operator@example.test')).toHaveLength(1);
  });
});
