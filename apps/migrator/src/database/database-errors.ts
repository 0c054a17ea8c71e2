import { parseDatabaseUrl, redactDatabaseUrl } from '@publishing/db/postgres';
import { MigratorError } from '../cli/migrator-error';

interface PgLikeError {
  code?: string;
  message?: string;
  hostname?: string;
}

const RETRYABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  '57P03',
  '53300',
]);

export function isRetryableConnectionError(error: unknown): boolean {
  const code = (error as PgLikeError).code;
  return (
    (code !== undefined && RETRYABLE.has(code)) ||
    /timeout expired|Connection terminated/i.test(String((error as Error).message))
  );
}

/** A connection failure as a short message with what to do next; never the password. */
export function describeDatabaseError(error: unknown, url: string): MigratorError {
  const { code, message = String(error) } = error as PgLikeError;
  const { host, port, user, database } = parseDatabaseUrl(url);
  const where = `${host}:${port ?? 5432}`;
  switch (code) {
    case 'ECONNREFUSED':
      return new MigratorError(
        `Cannot connect to PostgreSQL at ${where}: connection refused.`,
        'Check that the server is running and that DATABASE_URL has the right host and port.',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new MigratorError(
        `Unknown database host "${host}".`,
        'Check the host name in DATABASE_URL.',
      );
    case 'ETIMEDOUT':
      return new MigratorError(
        `Connecting to ${where} timed out.`,
        'Check the network path and firewall to the database.',
      );
    case '28P01':
    case '28000':
      return new MigratorError(
        `PostgreSQL at ${where} refused the credentials of user "${user}".`,
        'Check the user and password in DATABASE_URL.',
      );
    case '3D000':
      return new MigratorError(
        `Database "${database}" does not exist on ${where}.`,
        `Create it first (e.g. \`createdb ${database}\`) or fix the database name in DATABASE_URL.`,
      );
    case '57P03':
      return new MigratorError(
        `PostgreSQL at ${where} is still starting up.`,
        'Retry in a moment, or raise --wait.',
      );
    default:
      return new MigratorError(
        `Database error on ${redactDatabaseUrl(url)}: ${message.split('\n')[0]}`,
        'Check DATABASE_URL and the database server logs.',
      );
  }
}
