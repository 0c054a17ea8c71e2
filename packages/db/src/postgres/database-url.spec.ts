import {
  DatabaseUrlError,
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

  it('redacts the password only', () => {
    expect(redactDatabaseUrl('postgresql://app:s3cret@localhost:5432/publishing')).toBe(
      'postgresql://app:***@localhost:5432/publishing',
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
