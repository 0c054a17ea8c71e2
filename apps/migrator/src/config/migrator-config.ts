import { resolve } from 'node:path';
import { DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl } from '@publishing/db/postgres';
import { UsageError } from '../cli/migrator-error';

export interface MigratorConfig {
  migrationsDir: string;
  schemaPath: string;
  /** Lock waits longer than this fail the statement (then retried with backoff). */
  lockTimeoutMs: number;
  lockRetries: number;
  statementTimeoutMs: number;
  /** How long to wait for the database to accept connections, and for the migration lock. */
  connectWaitMs: number;
  lockWaitMs: number;
  production: boolean;
}

export interface ConfigOptions {
  migrations?: string;
  schema?: string;
  lockTimeout?: string;
  statementTimeout?: string;
  wait?: string;
  lockWait?: string;
}

/** Settings from flags, then environment, then defaults. */
export function resolveConfig(
  options: ConfigOptions,
  env: NodeJS.ProcessEnv = process.env,
): MigratorConfig {
  const root = process.cwd();
  return {
    migrationsDir: resolve(root, options.migrations ?? env.MIGRATIONS_DIR ?? 'prisma/migrations'),
    schemaPath: resolve(root, options.schema ?? env.PRISMA_SCHEMA ?? 'prisma/schema.prisma'),
    lockTimeoutMs: parseDuration(
      '--lock-timeout',
      options.lockTimeout ?? env.MIGRATE_LOCK_TIMEOUT ?? '3s',
    ),
    lockRetries: parseCount('MIGRATE_LOCK_RETRIES', env.MIGRATE_LOCK_RETRIES ?? '5'),
    statementTimeoutMs: parseDuration(
      '--statement-timeout',
      options.statementTimeout ?? env.MIGRATE_STATEMENT_TIMEOUT ?? '10m',
    ),
    connectWaitMs: parseDuration('--wait', options.wait ?? env.MIGRATE_CONNECT_WAIT ?? '30s'),
    lockWaitMs: parseDuration('--lock-wait', options.lockWait ?? env.MIGRATE_LOCK_WAIT ?? '60s'),
    production: env.NODE_ENV === 'production' || env.MIGRATE_ENV === 'production',
  };
}

const POOLER_HINT =
  'Migrations need a direct (session) connection: a transaction-mode pooler may run statements on different server ' +
  'connections, losing the migration lock and the transaction. Point DATABASE_URL at PostgreSQL itself for this step.';

/** The database URL to migrate, validated; never echoes the password. */
export function requireDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL;
  if (!url) {
    throw new UsageError(
      'DATABASE_URL is not set.',
      'Set DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/DATABASE (locally, `pnpm migrate` starts an embedded PostgreSQL when it is unset).',
    );
  }
  let parsed: ReturnType<typeof parseDatabaseUrl>;
  try {
    parsed = parseDatabaseUrl(url);
  } catch (error) {
    if (error instanceof DatabaseUrlError)
      throw new UsageError(`DATABASE_URL is malformed: ${error.message}`);
    throw error;
  }
  const query = new URL(url).searchParams;
  if (
    query.get('pgbouncer') === 'true' ||
    parsed.port === 6432 ||
    /pooler/i.test(String(parsed.host))
  ) {
    throw new UsageError(
      `DATABASE_URL ${redactDatabaseUrl(url)} looks like a connection pooler.`,
      POOLER_HINT,
    );
  }
  return url;
}

function parseCount(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new UsageError(`${name} must be a whole number (got "${value}").`);
  return parsed;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(name: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
  if (!match)
    throw new UsageError(`${name} must be a duration like 500ms, 5s or 2m (got "${value}").`);
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1));
}
