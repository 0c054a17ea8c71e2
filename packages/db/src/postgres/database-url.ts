import { redactUrl } from '@publishing/logging/redaction';
import { escapeIdentifier, type ClientConfig } from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';

/** A connection string that cannot be used; the message never contains the password. */
export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

const SUPPORTED_PROTOCOLS = new Set(['postgres:', 'postgresql:']);

/**
 * Parses a PostgreSQL URL into discrete connection fields. Discrete fields matter: a config with a
 * `connectionString` ignores a `database` override, which breaks deriving sibling databases.
 */
export function parseDatabaseUrl(url: string): ClientConfig & { database: string } {
  const problem = databaseUrlProblem(url);
  if (problem !== undefined) throw new DatabaseUrlError(`The database URL ${problem}.`);
  const config = parseIntoClientConfig(url);
  return { ...config, database: config.database! };
}

/**
 * Why `url` cannot be used, as a phrase that follows the variable's name ("DATABASE_URL names no
 * database: …") and contains no part of the URL; undefined when it can be used.
 */
export function databaseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL: expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE';
  }
  if (!SUPPORTED_PROTOCOLS.has(parsed.protocol)) {
    return 'must be a postgresql:// (or postgres://) URL';
  }
  if (!parseIntoClientConfig(url).database) {
    return 'names no database: add one after the host, as in postgresql://HOST:PORT/DATABASE';
  }
  return undefined;
}

/**
 * The URL with its password replaced (user-info and `password=`, `sslpassword=`… parameters), safe
 * to print. The same redaction every log line goes through.
 */
export const redactDatabaseUrl = redactUrl;

/** The same server and credentials, another database. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return parseDatabaseUrl(url).database;
}

export const quoteIdentifier = escapeIdentifier;
