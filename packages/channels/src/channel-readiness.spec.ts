import { missingConfiguration, unconfiguredFailure } from './channel-readiness';

describe('missingConfiguration', () => {
  it.each([
    ['webhook', {}, ['url']],
    ['webhook', { url: '  ' }, ['url']],
    ['webhook', { url: 'https://hooks.example.test/a' }, []],
    ['slack', { url: 'https://hooks.slack.com/x' }, ['webhook_url']],
    ['discord', { webhook_url: 'https://discord.test/api/webhooks/1/x' }, []],
    ['email', {}, ['smtp_host', 'from_email']],
    ['email', { smtp_host: 'mail.test', from_email: 'news@example.com' }, []],
    ['email', { smtp_host: 42, from_email: 'news@example.com' }, ['smtp_host']],
    ['rss', {}, []],
  ])('%s %j lacks %j', (type, configuration, missing) => {
    expect(missingConfiguration(type, configuration)).toEqual(missing);
  });
});

describe('unconfiguredFailure', () => {
  const channel = { id: 'c1', name: 'Alerts', type: 'slack', configuration: {} };

  it('is a permanent missing_configuration failure naming the keys', () => {
    expect(unconfiguredFailure(channel)).toMatchObject({
      kind: 'permanent',
      reason: 'missing_configuration',
      message:
        'Channel "Alerts" (c1) is not configured: it needs configuration.webhook_url; set it with PUT /api/v1/channels/c1.',
    });
  });

  it('is undefined for a configured channel', () => {
    expect(
      unconfiguredFailure({ ...channel, configuration: { webhook_url: 'https://x.test/h' } }),
    ).toBeUndefined();
  });
});
