import { randomBytes } from 'node:crypto';
import { withServerConnection } from '../postgres/databases';
import { quoteIdentifier } from '../postgres/database-url';
import { testDatabaseServer } from './test-database';

export interface TestLoginRole {
  name: string;
  /** Random, so a test can search every line of output for it. */
  password: string;
  /** `url`'s database reached as this role, its password in the URL's user-info. */
  urlFor: (url: string) => string;
  /**
   * The same URL carrying the password three ways: in the user-info, as `?password=`, and beside
   * an `sslpassword=` (a client key's passphrase): what a log line must never show.
   */
  urlWithSecrets: (url: string, sslKeyPassword: string) => string;
  drop: () => Promise<void>;
}

/**
 * A superuser of the test server with a password of its own: tests that prove a password never
 * reaches any output need one that no other string contains (the server's own is `postgres`).
 */
export async function createTestLoginRole(): Promise<TestLoginRole> {
  const { serverUrl } = testDatabaseServer();
  const name = `login_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  await withServerConnection(serverUrl, (client) =>
    client.query(`CREATE ROLE ${quoteIdentifier(name)} LOGIN SUPERUSER PASSWORD '${password}'`),
  );
  const urlFor = (url: string) => {
    const parsed = new URL(url);
    parsed.username = name;
    parsed.password = password;
    return parsed.toString();
  };
  return {
    name,
    password,
    urlFor,
    urlWithSecrets: (url, sslKeyPassword) => {
      const parsed = new URL(urlFor(url));
      parsed.searchParams.set('password', password);
      parsed.searchParams.set('sslpassword', sslKeyPassword);
      return parsed.toString();
    },
    drop: () =>
      withServerConnection(serverUrl, (client) =>
        client.query(`DROP ROLE IF EXISTS ${quoteIdentifier(name)}`),
      ).then(() => undefined),
  };
}
