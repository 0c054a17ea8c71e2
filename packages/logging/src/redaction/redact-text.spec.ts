import { redactCredentialsInText, redactUrl } from './redact-text';

describe('credentials in text', () => {
  it('replaces the password of a URL user-info, keeping user, host and database', () => {
    expect(redactUrl('postgresql://app:s3cret@db.internal:5432/publishing')).toBe(
      'postgresql://app:***@db.internal:5432/publishing',
    );
    expect(redactUrl('postgres://app:p@ss@word@db/publishing')).toBe(
      'postgres://app:***@db/publishing',
    );
    expect(redactUrl('postgresql://localhost/publishing')).toBe(
      'postgresql://localhost/publishing',
    );
  });

  it('keeps the user name of a database URL without a password: an operator needs to see it', () => {
    expect(redactUrl('postgresql://app@db.internal:5432/publishing')).toBe(
      'postgresql://app@db.internal:5432/publishing',
    );
    expect(redactUrl('postgres://migrator@db/publishing')).toBe(
      'postgres://migrator@db/publishing',
    );
  });

  it('replaces a user-info without a password whole: it is a token itself', () => {
    expect(redactUrl('https://ghp_t0ken@github.test/org/repo.git')).toBe(
      'https://***@github.test/org/repo.git',
    );
    expect(redactCredentialsInText('dsn smtp://mailer@mail.test:25 and mail a@b.test')).toBe(
      'dsn smtp://***@mail.test:25 and mail a@b.test',
    );
  });

  it('replaces credential query parameters, keeping the others', () => {
    expect(
      redactUrl(
        'postgresql://db:5432/app?sslmode=require&password=hunter2&sslpassword=keypass&application_name=api',
      ),
    ).toBe(
      'postgresql://db:5432/app?sslmode=require&password=***&sslpassword=***&application_name=api',
    );
    expect(redactUrl('https://api.test/unsubscribe?token=abc123&x=1')).toBe(
      'https://api.test/unsubscribe?token=***&x=1',
    );
    expect(redactUrl('https://api.test/t/click?url=https%3A%2F%2Fa.test&sig=c2lnbmF0dXJl')).toBe(
      'https://api.test/t/click?url=https%3A%2F%2Fa.test&sig=***',
    );
    expect(redactUrl('https://x.test/?client_secret=s&api_key=k&access_token=t')).toBe(
      'https://x.test/?client_secret=***&api_key=***&access_token=***',
    );
  });

  it('finds URLs anywhere in a message or an error message', () => {
    const message =
      'Cannot reach the database at postgresql://app:topsecret@127.0.0.1:1/db?password=hunter2 ' +
      '(connection refused; tried postgresql://other:pw2@h2/db too)';

    const redacted = redactCredentialsInText(message);

    expect(redacted).toBe(
      'Cannot reach the database at postgresql://app:***@127.0.0.1:1/db?password=*** ' +
        '(connection refused; tried postgresql://other:***@h2/db too)',
    );
  });

  it('redacts inside a serialized JSON line, escaped quotes included', () => {
    const line = JSON.stringify({
      msg: 'failed on postgresql://u:pa"ss@h/db?sslpassword=ke"y&x=1',
      nested: { detail: 'libpq: host=db password=hunter2 dbname=app' },
    });

    const redacted = redactCredentialsInText(line);

    expect(redacted).not.toMatch(/pa\\"ss|ke\\"y|hunter2/);
    expect(JSON.parse(redacted)).toEqual({
      msg: 'failed on postgresql://u:***@h/db?sslpassword=***&x=1',
      nested: { detail: 'libpq: host=db password=*** dbname=app' },
    });
  });

  it('redacts bearer and basic credentials in text', () => {
    expect(redactCredentialsInText('sent Authorization: Bearer pk_abcd1234_xyz-_ to it')).toBe(
      'sent Authorization: Bearer *** to it',
    );
    expect(redactCredentialsInText('Basic dXNlcjpwYXNz')).toBe('Basic ***');
  });

  it('leaves text without credentials alone', () => {
    const text =
      'GET /api/v1/channels/:id 200 in 3 ms; see https://docs.test/a?page=2 or mail a@b.test';
    expect(redactCredentialsInText(text)).toBe(text);
  });
});
