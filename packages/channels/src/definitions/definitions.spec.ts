import {
  channelReadiness,
  maskChannelConfiguration,
  parseChannelConfiguration,
  restoreMaskedSecrets,
  validateChannelConfiguration,
} from '../index';
import { CHANNEL_TYPES, type ChannelType } from './index';

/** One valid, complete configuration per type, and the values in it that must never be shown. */
const COMPLETE: Record<ChannelType, { configuration: Record<string, unknown>; secrets: string[] }> =
  {
    email: {
      configuration: {
        smtp_host: 'mail.example.test',
        smtp_port: 465,
        smtp_user: 'newsletter',
        smtp_password: 'smtp-password-secret-1',
        secure: true,
        from_email: 'news@example.test',
        from_name: 'News',
        unsubscribe_email: 'leave@example.test',
        rate_limit_per_second: 5,
      },
      secrets: ['smtp-password-secret-1'],
    },
    webhook: {
      configuration: {
        url: 'https://hooks.example.test/in/webhook-token-secret',
        headers: { 'X-Auth': 'header-value-secret-1', Accept: 'application/json' },
        signing_secret: 'signing-secret-value-1',
      },
      secrets: [
        'webhook-token-secret',
        'header-value-secret-1',
        'application/json',
        'signing-secret-value-1',
      ],
    },
    slack: {
      configuration: {
        webhook_url: 'https://hooks.slack.test/services/T1/B1/slack-token-secret',
        channel: '#releases',
      },
      secrets: ['slack-token-secret'],
    },
    discord: {
      configuration: {
        webhook_url: 'https://discord.test/api/webhooks/1/discord-token-secret',
        username: 'Publisher',
      },
      secrets: ['discord-token-secret'],
    },
    rss: {
      configuration: { feed_title: 'News', site_url: 'https://news.example.test/' },
      secrets: [],
    },
  };

describe.each(CHANNEL_TYPES)('the %s definition', (type) => {
  const { configuration, secrets } = COMPLETE[type];

  it('accepts a complete configuration, and says it is configured', () => {
    expect(validateChannelConfiguration(type, configuration)).toEqual({
      configuration,
      errors: [],
    });
    expect(channelReadiness(type, configuration)).toEqual({
      configured: true,
      missing: [],
      invalid: [],
    });
    expect(parseChannelConfiguration(type, configuration)).toMatchObject(configuration);
  });

  it('accepts {} (channels may be stored incomplete) and keeps unknown keys', () => {
    expect(validateChannelConfiguration(type, {})).toEqual({ configuration: {}, errors: [] });
    expect(validateChannelConfiguration(type, { legacy_note: 'x' }).configuration).toEqual({
      legacy_note: 'x',
    });
  });

  it('masks every secret, every unknown key and URL user-info, and keeps the rest', () => {
    const stored = {
      ...configuration,
      smtp_url: 'smtp://mailer:url-password-secret@mail.example.test',
      dsn: 'smtp://user-name-secret@mail.example.test:25',
      smtp_passphrase: 'passphrase-secret',
      pwd: 'pwd-secret',
      webhook: 'https://hooks.slack.test/services/unknown-key-secret',
      nested: { deep: ['deep-secret'] },
    };
    const masked = JSON.stringify(maskChannelConfiguration(type, stored));

    for (const secret of [
      ...secrets,
      'mailer',
      'url-password-secret',
      'user-name-secret',
      'passphrase-secret',
      'pwd-secret',
      'unknown-key-secret',
      'deep-secret',
    ]) {
      expect(masked).not.toContain(secret);
    }
    expect(maskChannelConfiguration(type, stored)).toMatchObject({
      dsn: '****t:25',
      nested: { deep: ['****'] },
    });
  });

  it('restores every masked value sent back, and refuses a mask that does not match', () => {
    const stored = { ...configuration, extra_token: 'unknown-secret-123456' };
    const masked = maskChannelConfiguration(type, stored) as Record<string, unknown>;

    expect(restoreMaskedSecrets(type, masked, stored)).toEqual({
      configuration: stored,
      errors: [],
    });
    expect(restoreMaskedSecrets(type, { extra_token: '****0000' }, stored).errors).toEqual([
      { field: 'configuration.extra_token', message: expect.stringContaining('masked') },
    ]);
  });
});

describe('validateChannelConfiguration', () => {
  it.each([
    ['email', { smtp_port: 70000 }, 'configuration.smtp_port'],
    ['email', { smtp_port: '25' }, 'configuration.smtp_port'],
    ['email', { from_email: 'not-an-email' }, 'configuration.from_email'],
    ['email', { unsubscribe_email: 'nobody' }, 'configuration.unsubscribe_email'],
    ['email', { secure: 'yes' }, 'configuration.secure'],
    ['email', { smtp_user: 42 }, 'configuration.smtp_user'],
    ['email', { rate_limit_per_second: 0 }, 'configuration.rate_limit_per_second'],
    ['email', { rate_limit_per_second: 1_000_000 }, 'configuration.rate_limit_per_second'],
    ['webhook', { rate_limit_burst: 0.5 }, 'configuration.rate_limit_burst'],
    ['webhook', { url: 'ftp://files.test/hook' }, 'configuration.url'],
    ['webhook', { url: `https://x.test/${'a'.repeat(5000)}` }, 'configuration.url'],
    ['webhook', { headers: { 'X-Key': 42 } }, 'configuration.headers.X-Key'],
    ['webhook', { headers: { 'X-Key': 'a\r\nInjected: 1' } }, 'configuration.headers.X-Key'],
    ['webhook', { headers: ['a'] }, 'configuration.headers'],
    ['slack', { webhook_url: 'javascript:alert(1)' }, 'configuration.webhook_url'],
    ['discord', { webhook_url: 'not a url' }, 'configuration.webhook_url'],
    ['rss', { site_url: 'https://user:pass@news.example.test/' }, 'configuration.site_url'],
  ] as const)('%s %j is refused naming %s', (type, configuration, field) => {
    expect(validateChannelConfiguration(type, configuration).errors).toEqual([
      { field, message: expect.any(String) },
    ]);
  });

  it('refuses a configuration that is no object', () => {
    expect(validateChannelConfiguration('rss', ['a']).errors).toEqual([
      { field: 'configuration', message: 'must be an object' },
    ]);
  });

  it('trims host names and addresses, never secrets', () => {
    expect(
      validateChannelConfiguration('email', {
        smtp_host: ' mail.test ',
        from_email: ' a@b.test ',
        smtp_password: ' pw ',
      }).configuration,
    ).toEqual({ smtp_host: 'mail.test', from_email: 'a@b.test', smtp_password: ' pw ' });
  });
});

describe('channelReadiness', () => {
  it.each([
    ['webhook', {}, ['url'], []],
    ['webhook', { url: '  ' }, ['url'], []],
    ['slack', { url: 'https://hooks.slack.com/x' }, ['webhook_url'], []],
    ['discord', { webhook_url: 'https://discord.test/api/webhooks/1/x' }, [], []],
    ['email', {}, ['smtp_host', 'from_email'], []],
    ['email', { smtp_host: 42, from_email: 'news@example.com' }, [], ['configuration.smtp_host']],
    ['rss', {}, [], []],
  ])('%s %j lacks %j, has %j invalid', (type, configuration, missing, invalid) => {
    const readiness = channelReadiness(type, configuration);
    expect(readiness.missing).toEqual(missing);
    expect(readiness.invalid.map((error) => error.field)).toEqual(invalid);
    expect(readiness.configured).toBe(missing.length + invalid.length === 0);
  });

  it('ignores an invalid stored rate limit: the default applies', () => {
    expect(
      channelReadiness('webhook', { url: 'https://x.test/h', rate_limit_per_second: 'fast' }),
    ).toEqual({ configured: true, missing: [], invalid: [] });
  });
});

describe('parseChannelConfiguration', () => {
  it('throws naming what a configuration lacks', () => {
    expect(() => parseChannelConfiguration('email', { smtp_host: 'mail.test' })).toThrow(
      'it needs configuration.from_email',
    );
  });

  it('drops an invalid stored rate limit', () => {
    expect(
      parseChannelConfiguration('slack', {
        webhook_url: 'https://hooks.slack.test/x',
        rate_limit_per_second: -1,
      }),
    ).toEqual({ webhook_url: 'https://hooks.slack.test/x' });
  });
});

describe('URL user-info in fields that are not secret', () => {
  const stored = { icon_url: 'https://icon-user:icon-password@icons.test/i.png', channel: '#a' };

  it('is masked, user and password, and a URL sent back as masked keeps it', () => {
    const masked = maskChannelConfiguration('slack', stored) as Record<string, unknown>;
    expect(masked).toEqual({ icon_url: 'https://****@icons.test/i.png', channel: '#a' });

    expect(restoreMaskedSecrets('slack', masked, stored).configuration).toEqual(stored);
  });

  it('refuses masked user-info that does not match the stored URL', () => {
    expect(
      restoreMaskedSecrets('slack', { icon_url: 'https://****@other.test/i.png' }, stored).errors,
    ).toEqual([{ field: 'configuration.icon_url', message: expect.stringContaining('masked') }]);
  });

  it('is masked in a legacy RSS site_url too (such a URL is refused on write)', () => {
    expect(
      maskChannelConfiguration('rss', { site_url: 'https://feed-user:feed-pw@news.test/' }),
    ).toEqual({ site_url: 'https://****@news.test/' });
  });
});
