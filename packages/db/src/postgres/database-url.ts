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
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUrlError(
      'The database URL is not a valid URL. Expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE.',
    );
  }
  if (!SUPPORTED_PROTOCOLS.has(parsed.protocol)) {
    throw new DatabaseUrlError(
      `The database URL uses "${parsed.protocol}", expected postgresql:// (or postgres://).`,
    );
  }
  const config = parseIntoClientConfig(url);
  const database = config.database;
  if (!database) {
    throw new DatabaseUrlError(
      `The database URL ${redactDatabaseUrl(url)} names no database. Add one after the host: postgresql://HOST:PORT/DATABASE.`,
    );
  }
  return { ...config, database };
}

/** Why `url` cannot be used (safe to print), or undefined when it can: for config validation. */
export function databaseUrlProblem(url: string): string | undefined {
  try {
    parseDatabaseUrl(url);
    return undefined;
  } catch (error) {
    return error instanceof DatabaseUrlError ? error.message : 'is not a PostgreSQL URL';
  }
}

/** The URL with its password replaced, safe to print. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable database URL>';
  }
}

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
