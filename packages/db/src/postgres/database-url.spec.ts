import {
  DatabaseUrlError,
  databaseUrlProblem,
  parseDatabaseUrl,
  redactDatabaseUrl,
  withDatabaseName,
} from './database-url';

describe('database URLs', () => {
  it('parses a URL into discrete connection fields', () => {
    expect(parseDatabaseUrl('postgresql://app:s3cret@db.internal:6543/publishing')).toMatchObject({
      user: 'app',
      password: 's3cret',
      host: 'db.internal',
      port: 6543,
      database: 'publishing',
    });
  });

  it('refuses what is not a PostgreSQL URL, without echoing the password', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@localhost/db')).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl('not a url')).toThrow(/not a valid URL/);
    expect(() => parseDatabaseUrl('postgresql://u:hunter2@localhost')).toThrow(/names no database/);
    expect(() => parseDatabaseUrl('postgresql://u:hunter2@localhost')).not.toThrow(/hunter2/);
  });

  it('says why a URL cannot be used in a phrase that follows the variable, with no part of the URL', () => {
    const problems = [
      'not a url hunter2',
      'mysql://root:hunter2@localhost/db',
      'postgresql://u:hunter2@localhost',
    ].map(databaseUrlProblem);

    expect(problems).toEqual([
      expect.stringMatching(/^is not a valid URL: expected postgresql:\/\//),
      'must be a postgresql:// (or postgres://) URL',
      expect.stringMatching(/^names no database/),
    ]);
    expect(problems.join(' ')).not.toMatch(/hunter2|root|localhost/);
    expect(databaseUrlProblem('postgres://u:pw@localhost:5432/app')).toBeUndefined();
  });

  it('redacts the passwords only', () => {
    expect(redactDatabaseUrl('postgresql://app:s3cret@localhost:5432/publishing')).toBe(
      'postgresql://app:***@localhost:5432/publishing',
    );
    expect(
      redactDatabaseUrl(
        'postgresql://app@localhost:5432/publishing?password=s3cret&sslmode=verify-full&sslpassword=k3y',
      ),
    ).toBe(
      'postgresql://app@localhost:5432/publishing?password=***&sslmode=verify-full&sslpassword=***',
    );
    expect(redactDatabaseUrl('postgresql://localhost/publishing')).toBe(
      'postgresql://localhost/publishing',
    );
  });

  it('points the same server at another database, keeping parameters', () => {
    expect(
      withDatabaseName('postgresql://app:pw@localhost:5432/publishing?sslmode=disable', 'other'),
    ).toBe('postgresql://app:pw@localhost:5432/other?sslmode=disable');
  });
});
