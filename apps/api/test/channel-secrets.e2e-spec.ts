import { PrismaService } from '@publishing/db/nest';
import { createLogger } from '@publishing/logging';
import {
  HttpSink,
  SmtpSink,
  insertPublication,
  insertSubscriber,
  uniqueName,
} from '@publishing/testing';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import request, { type Response } from 'supertest';
import type { ChannelInput } from './factories/channels';
import { createTestApp, type TestApp } from './support/test-app';

const CHANNELS = '/api/v1/channels';

/** A value that must never come back: unique per run, so a hit cannot be a coincidence. */
const secret = (name: string) => `S3CR3T-${name}-${randomUUID().slice(0, 8)}`;

interface MatrixCase {
  type: ChannelInput['channel_type'];
  configuration: Record<string, unknown>;
  /** Every value in `configuration` that must never appear in a response or a log line. */
  secrets: string[];
  /** Fields that are not secret, as every response must show them. */
  shown: Record<string, unknown>;
  /** A non-secret field an update changes while sending every masked value back. */
  change: [string, unknown];
  /** A value the type's schema refuses. */
  invalid: [string, unknown];
}

/**
 * Every secret field of every channel type, custom header values, URL user-info in fields that
 * are not secret, and unknown keys (masked by default), through every response that shows a
 * channel, and the log.
 */
function matrix(sink: HttpSink, smtp: SmtpSink): MatrixCase[] {
  const s = {
    smtpPassword: secret('smtp-password'),
    smtpUrlUser: secret('smtp-url-user'),
    smtpUrlPassword: secret('smtp-url-password'),
    dsnToken: secret('dsn-token'),
    passphrase: secret('passphrase'),
    pwd: secret('pwd'),
    nameUrlPassword: secret('name-url-password'),
    hookUser: secret('hook-user'),
    hookPassword: secret('hook-password'),
    hookPath: secret('hook-path'),
    xAuth: secret('x-auth-header'),
    customHeader: secret('custom-header'),
    signingSecret: secret('signing-secret'),
    unknownWebhook: secret('unknown-webhook'),
    slackPath: secret('slack-path'),
    slackLegacyWebhook: secret('slack-legacy-webhook'),
    iconUser: secret('icon-user'),
    iconPassword: secret('icon-password'),
    discordPath: secret('discord-path'),
    avatarToken: secret('avatar-token'),
    botToken: secret('bot-token'),
    rssKey: secret('rss-api-key'),
  };
  const sinkUrl = new URL(sink.url('/'));
  return [
    {
      type: 'email',
      configuration: {
        ...smtp.channelConfiguration('news@example.com'),
        smtp_user: 'mailer',
        smtp_password: s.smtpPassword,
        from_name: `News (see smtp://admin:${s.nameUrlPassword}@mail.test)`,
        unsubscribe_email: 'leave@example.com',
        rate_limit_per_second: 5,
        smtp_url: `smtp://${s.smtpUrlUser}:${s.smtpUrlPassword}@mail.test:587`,
        dsn: `smtp://${s.dsnToken}@mail.test`,
        smtp_passphrase: s.passphrase,
        pwd: s.pwd,
      },
      secrets: [
        s.smtpPassword,
        s.smtpUrlUser,
        s.smtpUrlPassword,
        s.dsnToken,
        s.passphrase,
        s.pwd,
        s.nameUrlPassword,
      ],
      shown: {
        smtp_host: smtp.host,
        smtp_port: smtp.port,
        smtp_user: 'mailer',
        from_email: 'news@example.com',
        from_name: 'News (see smtp://****@mail.test)',
        unsubscribe_email: 'leave@example.com',
        rate_limit_per_second: 5,
      },
      change: ['from_name', 'Newsroom'],
      invalid: ['smtp_port', 70000],
    },
    {
      type: 'webhook',
      configuration: {
        url: `http://${s.hookUser}:${s.hookPassword}@${sinkUrl.host}/matrix/${s.hookPath}`,
        headers: { 'X-Auth': s.xAuth, 'X-Custom': s.customHeader },
        signing_secret: s.signingSecret,
        webhook: s.unknownWebhook,
      },
      secrets: [s.hookUser, s.hookPassword, s.hookPath, s.xAuth, s.customHeader, s.signingSecret],
      shown: {},
      change: ['rate_limit_per_second', 2],
      invalid: ['headers', { 'X-Auth': 42 }],
    },
    {
      type: 'slack',
      configuration: {
        webhook_url: sink.url(`/slack/${s.slackPath}`),
        webhook: `https://hooks.slack.test/services/${s.slackLegacyWebhook}`,
        icon_url: `https://${s.iconUser}:${s.iconPassword}@icons.test/i.png`,
        channel: '#releases',
      },
      secrets: [s.slackPath, s.slackLegacyWebhook, s.iconUser, s.iconPassword],
      shown: { channel: '#releases', icon_url: 'https://****@icons.test/i.png' },
      change: ['channel', '#general'],
      invalid: ['rate_limit_per_second', -1],
    },
    {
      type: 'discord',
      configuration: {
        webhook_url: sink.url(`/discord/${s.discordPath}`),
        avatar_url: `https://${s.avatarToken}@avatars.test/a.png`,
        bot_token: s.botToken,
        username: 'Publisher',
      },
      secrets: [s.discordPath, s.avatarToken, s.botToken],
      shown: { username: 'Publisher', avatar_url: 'https://****@avatars.test/a.png' },
      change: ['username', 'Herald'],
      invalid: ['webhook_url', 'javascript:alert(1)'],
    },
    {
      type: 'rss',
      configuration: { feed_title: 'News', site_url: 'https://news.test/', api_key: s.rssKey },
      secrets: [s.rssKey],
      shown: { feed_title: 'News', site_url: 'https://news.test/' },
      change: ['feed_title', 'Daily news'],
      invalid: ['site_url', 'ftp://news.test/'],
    },
  ];
}

describe('channel secrets, type by type', () => {
  const sink = new HttpSink();
  const smtp = new SmtpSink();
  const logLines: string[] = [];
  let testApp: TestApp;
  let prisma: PrismaService;
  let cases: MatrixCase[];
  beforeAll(async () => {
    await Promise.all([sink.start(), smtp.start()]);
    const logger = createLogger({
      name: 'publishing-api',
      level: 'debug',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString());
          done();
        },
      }),
    });
    testApp = await createTestApp({}, { logger });
    prisma = testApp.app.get(PrismaService);
    cases = matrix(sink, smtp);
  });
  afterAll(async () => {
    await testApp.close();
    await Promise.all([sink.stop(), smtp.stop()]);
  });

  const api = () => request(testApp.http);

  const expectNoSecret = (what: string, text: string, secrets: string[]) => {
    for (const value of secrets) expect(text, `${what} shows ${value}`).not.toContain(value);
  };

  it.each(['email', 'webhook', 'slack', 'discord', 'rss'] as const)(
    '%s: masked in create, get, list, update, a refused update and test sends; kept when sent back',
    async (type) => {
      const matrixCase = cases.find((entry) => entry.type === type)!;
      const { configuration, secrets, shown, change, invalid } = matrixCase;
      const name = uniqueName(`matrix-${type}`);

      const created = await api()
        .post(CHANNELS)
        .set(testApp.auth)
        .send({ name, channel_type: type, configuration })
        .expect(201);
      const id = created.body.data.id as string;
      const masked = created.body.data.configuration as Record<string, unknown>;
      expect(masked).toMatchObject(shown);
      expect(created.body.data.configured).toBe(true);
      for (const key of Object.keys(configuration).filter((key) => !(key in shown))) {
        if (typeof configuration[key] === 'string') {
          expect(masked[key], `${type} ${key}`).toMatch(/^\*\*\*\*/);
        }
      }

      const responses: [string, Response][] = [['create', created]];
      responses.push(['get', await api().get(`${CHANNELS}/${id}`).set(testApp.auth).expect(200)]);
      responses.push([
        'list',
        await api().get(CHANNELS).query({ name }).set(testApp.auth).expect(200),
      ]);
      const [changedKey, changedValue] = change;
      responses.push([
        'put',
        await api()
          .put(`${CHANNELS}/${id}`)
          .set(testApp.auth)
          .send({ configuration: { ...masked, [changedKey]: changedValue } })
          .expect(200),
      ]);
      responses.push([
        'patch',
        await api()
          .patch(`${CHANNELS}/${id}`)
          .set(testApp.auth)
          .send({
            name: `${name} renamed`,
            configuration: { ...masked, [changedKey]: changedValue },
          })
          .expect(200),
      ]);
      responses.push([
        'refused update',
        await api()
          .put(`${CHANNELS}/${id}`)
          .set(testApp.auth)
          .send({ configuration: { ...masked, [invalid[0]]: invalid[1] } })
          .expect(422),
      ]);
      if (type !== 'rss') {
        const tested = await api().post(`${CHANNELS}/${id}/test`).set(testApp.auth).send({});
        expect(tested.body.data, `${type} test send`).toMatchObject({ sent: true });
        responses.push(['channel test', tested]);
        await insertSubscriber(prisma, { channelIds: [id] });
        const publication = await insertPublication(prisma, { channelIds: [id] });
        responses.push([
          'publication test',
          await api()
            .post(`/api/v1/publications/${publication.id}/test`)
            .set(testApp.auth)
            .send({})
            .expect(200),
        ]);
      }

      for (const [what, response] of responses) {
        expectNoSecret(`${type} ${what}`, JSON.stringify(response.body), secrets);
      }
      const stored = await prisma.channel.findUniqueOrThrow({ where: { id } });
      expect(stored.configuration).toEqual({ ...configuration, [changedKey]: changedValue });
      // What the API logs, and a channel row logged as it is stored.
      const logger = createLogger({
        name: 'publishing-api',
        level: 'info',
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            logLines.push(chunk.toString());
            done();
          },
        }),
      });
      logger.info({ channel: stored }, `channel ${stored.name} changed`);
      logger.warn({ configuration: stored.configuration }, 'configuration');
      expect(logLines.join('')).toContain(`channel ${stored.name} changed`);
      expectNoSecret(`${type} log`, logLines.join(''), secrets);
    },
  );

  it('shows in OpenAPI one configuration schema per type, secrets marked', async () => {
    const document = await api().get('/api/v1/openapi.json').expect(200);
    const schemas = document.body.components.schemas as Record<
      string,
      { properties: Record<string, { anyOf?: { title: string; properties: object }[] }> }
    >;

    for (const dto of ['CreateChannelDto', 'UpdateChannelDto']) {
      const anyOf = schemas[dto]?.properties.configuration?.anyOf ?? [];
      const byType = (type: string) =>
        anyOf.find((schema) => schema.title === `${type} channel configuration`)?.properties;
      expect(anyOf).toHaveLength(5);
      expect(byType('email')).toMatchObject({
        smtp_port: { type: 'integer', minimum: 1, maximum: 65535 },
        smtp_password: { type: 'string', 'x-secret': true },
      });
      expect(byType('webhook')).toMatchObject({
        headers: { type: 'object', 'x-secret': true },
        signing_secret: { 'x-secret': true },
      });
      for (const type of ['slack', 'discord']) {
        expect(byType(type)).toMatchObject({ webhook_url: { 'x-secret': true } });
      }
      expect(byType('rss')).toMatchObject({ site_url: { format: 'uri' } });
    }
  });

  it('masks the user-info of a legacy RSS site_url (refused on write, as the feed publishes it)', async () => {
    const password = secret('site-password');
    const refused = await api()
      .post(CHANNELS)
      .set(testApp.auth)
      .send({
        name: uniqueName('rss'),
        channel_type: 'rss',
        configuration: { site_url: `https://editor:${password}@news.test/` },
      })
      .expect(422);
    expect(refused.body.errors).toEqual([
      { field: 'configuration.site_url', message: expect.any(String) },
    ]);

    const legacy = await prisma.channel.create({
      data: {
        name: uniqueName('legacy-rss'),
        channelType: 'rss',
        configuration: { site_url: `https://editor:${password}@news.test/` },
      },
    });
    const response = await api().get(`${CHANNELS}/${legacy.id}`).set(testApp.auth).expect(200);
    expect(response.body.data.configuration).toEqual({ site_url: 'https://****@news.test/' });
    expectNoSecret('legacy rss', JSON.stringify(response.body), [password, 'editor']);
  });
});
