import { redactCredentialFields } from './redact-fields';

describe('credential fields', () => {
  it('replaces credential headers whatever their case', () => {
    expect(
      redactCredentialFields({
        headers: {
          Authorization: 'Bearer pk_abc',
          'x-api-key': 'pk_def',
          cookie: 'session=1',
          'set-cookie': ['a=1'],
          'user-agent': 'curl/8',
        },
      }),
    ).toEqual({
      headers: {
        Authorization: '***',
        'x-api-key': '***',
        cookie: '***',
        'set-cookie': ['***'],
        'user-agent': 'curl/8',
      },
    });
  });

  it('replaces credentials at any depth, and every value under a secret key', () => {
    const fields = {
      settings: {
        smtp_host: 'smtp.test',
        smtp_password: 'p1',
        smtp_passphrase: 'p2',
        pwd: 'p3',
        dsn: 'smtp://u@smtp.test',
        signing_secret: 's2',
        webhook_url: 'https://hooks.slack.test/T0/B0/XXXX',
        url: 'https://example.test/hook/t0k3n',
        headers: { 'X-Auth': 'h1', 'user-agent': 'curl/8' },
        credentials: { user: 'u', nested: ['a', { b: 'c' }] },
        port: 587,
        secure: true,
      },
    };

    expect(redactCredentialFields(fields)).toEqual({
      settings: {
        smtp_host: 'smtp.test',
        smtp_password: '***',
        smtp_passphrase: '***',
        pwd: '***',
        dsn: '***',
        signing_secret: '***',
        webhook_url: '***',
        url: '***',
        headers: { 'X-Auth': '***', 'user-agent': 'curl/8' },
        credentials: { user: '***', nested: ['***', { b: '***' }] },
        port: 587,
        secure: true,
      },
    });
  });

  it('shows the keys of a channel configuration, never its values', () => {
    const channel = {
      channel: {
        name: 'alerts',
        configuration: {
          smtp_host: 'smtp.test',
          webhook: 'https://hooks.slack.test/T0/B0/XXXX',
          headers: { 'X-Custom': 'h2' },
          port: 587,
          secure: true,
        },
      },
    };

    expect(redactCredentialFields(channel)).toEqual({
      channel: {
        name: 'alerts',
        configuration: {
          smtp_host: '***',
          webhook: '***',
          headers: { 'X-Custom': '***' },
          port: '***',
          secure: true,
        },
      },
    });
  });

  it('copies: the logged object is left as it was', () => {
    const fields = { password: 'hunter2' };
    redactCredentialFields(fields);
    expect(fields.password).toBe('hunter2');
  });

  it('redacts a value seen twice each time, and survives cycles', () => {
    const shared = { password: 'hunter2' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;

    expect(redactCredentialFields(cyclic)).toEqual({
      a: { password: '***' },
      b: { password: '***' },
      self: '[Circular]',
    });
  });
});
