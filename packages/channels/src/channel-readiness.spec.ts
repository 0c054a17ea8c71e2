import {
  configurationForSend,
  missingConfiguration,
  unconfiguredFailure,
} from './channel-readiness';

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

  it('names a stored value that is invalid', () => {
    expect(
      unconfiguredFailure({ ...channel, configuration: { webhook_url: 'ftp://x.test/h' } })
        ?.message,
    ).toContain('configuration.webhook_url (must be an http(s) URL)');
  });

  it('is undefined for a configured channel', () => {
    expect(
      unconfiguredFailure({ ...channel, configuration: { webhook_url: 'https://x.test/h' } }),
    ).toBeUndefined();
  });
});

describe('configurationForSend', () => {
  it('answers the parsed configuration, or a permanent missing_configuration failure', () => {
    const channel = {
      id: 'c2',
      name: 'Mail',
      type: 'email',
      configuration: { smtp_host: ' m.test ' },
    };
    expect(() => configurationForSend(channel, 'email')).toThrow(
      expect.objectContaining({ kind: 'permanent', reason: 'missing_configuration' }),
    );
    expect(
      configurationForSend(
        { ...channel, configuration: { smtp_host: ' m.test ', from_email: 'a@b.test' } },
        'email',
      ),
    ).toEqual({ smtp_host: 'm.test', from_email: 'a@b.test' });
  });
});

describe('configurationForSend, per stored configuration', () => {
  const stored = { url: 'https://hooks.example.test/a', headers: { 'X-Team': 'blue' } };
  const channel = (configuration: Record<string, unknown>) => ({
    id: 'c1',
    name: 'Hooks',
    type: 'webhook',
    configuration,
  });

  it('reads one stored object once: every send through it gets the same parsed configuration', () => {
    const first = configurationForSend(channel(stored), 'webhook');
    expect(configurationForSend(channel(stored), 'webhook')).toBe(first);
    expect(first.url).toBe('https://hooks.example.test/a');
  });

  it('reads a channel row read again (a new object) afresh', () => {
    const changed = { ...stored, url: 'https://hooks.example.test/b' };
    expect(configurationForSend(channel(changed), 'webhook').url).toBe(
      'https://hooks.example.test/b',
    );
    expect(configurationForSend(channel(stored), 'webhook').url).toBe(
      'https://hooks.example.test/a',
    );
  });

  it('still fails every send through an unconfigured channel', () => {
    const unconfigured = {};
    for (let attempt = 0; attempt < 2; attempt += 1)
      expect(() => configurationForSend(channel(unconfigured), 'webhook')).toThrow(
        expect.objectContaining({ reason: 'missing_configuration' }),
      );
    expect(unconfiguredFailure(channel(unconfigured))).toMatchObject({
      reason: 'missing_configuration',
    });
  });
});
