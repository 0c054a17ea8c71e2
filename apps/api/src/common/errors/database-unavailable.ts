import { isDatabaseUnavailable } from '@publishing/db';

/** How long a query waits for a database connection before the request gets its 503. */
export const DATABASE_CONNECT_TIMEOUT_MS = 10_000;

/** How long a client is asked to wait before retrying while the database cannot be used. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export interface MappedUnavailable {
  status: 503;
  detail: string;
  headers: { 'Retry-After': string };
}

/**
 * A database that is down, restarting or unreachable is an outage, not a bug in the request:
 * 503 with `Retry-After`. Where it is and why stays in the server's logs (readiness logs it).
 */
export function mapDatabaseUnavailable(error: unknown): MappedUnavailable | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return {
    status: 503,
    detail: 'The database is unavailable right now; retry after the time in Retry-After.',
    headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
  };
}
