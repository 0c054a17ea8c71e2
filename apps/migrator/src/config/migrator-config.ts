import { resolve } from 'node:path';
import {
  checkedBy,
  ConfigError,
  loadEnvironment,
  wholeNumber,
  type Environment,
} from '@publishing/config';
import { prismaPaths, repositoryPath } from '@publishing/db/paths';
import { databaseUrlProblem } from '@publishing/db/postgres';
import * as z from 'zod';
import { UsageError } from '../cli/migrator-error';
import { DURATION_EXPECTED, parseDuration } from './duration';

const duration = () =>
  z.string().transform((text, context) => {
    const milliseconds = parseDuration(text);
    if (milliseconds === undefined)
      context.addIssue({ code: 'custom', message: DURATION_EXPECTED });
    return milliseconds ?? z.NEVER;
  });

/**
 * A URL to migrate through must reach PostgreSQL itself: a transaction-mode pooler may run
 * statements on different server connections, losing the migration lock and the transaction.
 */
function migrationDatabaseUrlProblem(url: string): string | undefined {
  const problem = databaseUrlProblem(url);
  if (problem !== undefined) return problem;
  const parsed = new URL(url);
  const pooler =
    parsed.searchParams.get('pgbouncer') === 'true' ||
    parsed.port === '6432' ||
    /pooler/i.test(parsed.hostname);
  return pooler
    ? 'looks like a connection pooler (pgbouncer=true, port 6432 or "pooler" in the host): migrations need a direct connection, point it at PostgreSQL itself'
    : undefined;
}

/** Every variable the migrator reads; its flags override some of them. */
const migratorVariables = z.object({
  DATABASE_URL: checkedBy(migrationDatabaseUrlProblem).optional(),
  MIGRATIONS_DIR: z.string().transform(repositoryPath).default(prismaPaths.migrations),
  PRISMA_SCHEMA: z.string().transform(repositoryPath).default(prismaPaths.schema),
  MIGRATE_LOCK_TIMEOUT: duration().default(3000),
  MIGRATE_LOCK_RETRIES: wholeNumber(0, 100).optional(),
  MIGRATE_STATEMENT_TIMEOUT: duration().default(10 * 60_000),
  MIGRATE_CONNECT_WAIT: duration().default(30_000),
  MIGRATE_LOCK_WAIT: duration().default(60_000),
  NODE_ENV: z.string().optional(),
  MIGRATE_ENV: z.string().optional(),
  CHECK_DATABASE_URL: checkedBy(databaseUrlProblem).optional(),
  TEST_DATABASE_URL: checkedBy(databaseUrlProblem).optional(),
  DEBUG: z.string().optional(),
});

/** The flags that override variables, already parsed by the command line. */
export interface ConfigFlags {
  migrations?: string;
  schema?: string;
  lockTimeout?: number;
  statementTimeout?: number;
  wait?: number;
  lockWait?: number;
}

/**
 * Settings from flags, then environment variables, then defaults. Throws a `UsageError`.
 * Relative paths: a flag's from the working directory (as a shell completes it), a variable's from
 * the repository's root, so that a deploy job's settings mean the same wherever it starts.
 */
export function loadMigratorConfig(flags: ConfigFlags, variables: Environment = process.env) {
  const env = loadVariables(variables);
  return {
    databaseUrl: env.DATABASE_URL,
    migrationsDir: flags.migrations === undefined ? env.MIGRATIONS_DIR : resolve(flags.migrations),
    schemaPath: flags.schema === undefined ? env.PRISMA_SCHEMA : resolve(flags.schema),
    /** Lock waits longer than this fail the statement (then retried with backoff). */
    lockTimeoutMs: flags.lockTimeout ?? env.MIGRATE_LOCK_TIMEOUT,
    lockRetries: env.MIGRATE_LOCK_RETRIES,
    statementTimeoutMs: flags.statementTimeout ?? env.MIGRATE_STATEMENT_TIMEOUT,
    /** How long to wait for the database to accept connections. */
    connectWaitMs: flags.wait ?? env.MIGRATE_CONNECT_WAIT,
    /** The longest a run waits for locks in all: the migration lock, then busy tables. */
    lockWaitMs: flags.lockWait ?? env.MIGRATE_LOCK_WAIT,
    production: env.NODE_ENV === 'production' || env.MIGRATE_ENV === 'production',
    /** `check` builds its throwaway databases there; unset: an embedded PostgreSQL. */
    scratchServerUrl: env.CHECK_DATABASE_URL ?? env.TEST_DATABASE_URL,
    /** DEBUG=migrator: diagnostics at debug level (the engine's lines, stack traces). */
    debug: env.DEBUG?.includes('migrator') === true,
  };
}

export type MigratorConfig = ReturnType<typeof loadMigratorConfig>;

function loadVariables(variables: Environment) {
  try {
    return loadEnvironment(migratorVariables, variables, 'Invalid migrator configuration');
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new UsageError(
        error.message,
        'Fix these variables (or pass the matching flag); .env.example documents each one.',
      );
    }
    throw error;
  }
}

/** The database to migrate, for the commands that need one. */
export function requireDatabaseUrl(config: MigratorConfig): string {
  if (config.databaseUrl === undefined) {
    throw new UsageError(
      'DATABASE_URL is not set.',
      'Set DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/DATABASE (locally, `pnpm migrate` starts an embedded PostgreSQL when it is unset).',
    );
  }
  return config.databaseUrl;
}
