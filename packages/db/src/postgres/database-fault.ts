import { redactCredentialsInText } from '@publishing/logging/redaction';
import { parseDatabaseUrl } from './database-url';

export type DatabaseFaultKind =
  'unreachable' | 'credentials' | 'missing-database' | 'not-migrated' | 'other';

/** Why the database cannot be used, told to an operator; never a password, never a stack. */
export interface DatabaseFault {
  kind: DatabaseFaultKind;
  /** What is wrong: `cannot reach the database server at 127.0.0.1:5432 (connection refused)`. */
  problem: string;
  /** What to do next. */
  hint: string;
  /** Both, as one line. */
  message: string;
}

/**
 * What a driver error is: the `pg` error itself (`code`), or the cause Prisma's driver adapter
 * derived from it (`kind`, `host`, `port`), found in `meta.driverAdapterError.cause` of a Prisma
 * client error or in `cause` of a `DriverAdapterError`.
 */
interface DriverFault {
  kind?: string;
  code?: string;
  originalCode?: string;
  port?: number;
  table?: string;
  reason?: string;
  message?: string;
  /** PostgreSQL's severity: FATAL or PANIC ends the session (shutdown, restart, refused login). */
  severity?: string;
}

/** Describes a failure to use the database at `databaseUrl`, as the API and the worker report it. */
export function describeDatabaseFault(error: unknown, databaseUrl: string): DatabaseFault {
  const fault = driverFaultOf(error);
  const { where, user, database } = targetOf(databaseUrl);
  const unreachable = (reason: string, hint: string) =>
    told('unreachable', `cannot reach the database server at ${where} (${reason})`, hint);
  const code = fault.originalCode ?? fault.code;
  switch (fault.kind ?? code) {
    case 'DatabaseNotReachable':
      return fault.port === undefined
        ? unreachable('host not found', 'check the host name in DATABASE_URL')
        : unreachable('connection refused', 'is PostgreSQL running? DATABASE_URL points there');
    case 'ECONNREFUSED':
      return unreachable('connection refused', 'is PostgreSQL running? DATABASE_URL points there');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return unreachable('host not found', 'check the host name in DATABASE_URL');
    case 'SocketTimeout':
    case 'ETIMEDOUT':
      return unreachable(
        'timed out',
        'check the network path and firewall to it; DATABASE_URL points there',
      );
    case 'ConnectionClosed':
    case 'ECONNRESET':
      return unreachable('connection closed', 'check that the server accepts connections');
    case 'TlsConnectionError':
      return unreachable('TLS failed', 'check sslmode and the certificates DATABASE_URL names');
    case 'AuthenticationFailed':
    case '28P01':
      return told(
        'credentials',
        `the database server at ${where} refused the password of user "${user}"`,
        'check the user and password in DATABASE_URL',
      );
    case 'DatabaseAccessDenied':
    case '28000':
      return told(
        'credentials',
        `the database server at ${where} refused user "${user}" for database "${database}"`,
        'check the user and password in DATABASE_URL (and the server’s pg_hba.conf)',
      );
    case 'DatabaseDoesNotExist':
    case '3D000':
      return told(
        'missing-database',
        `database "${database}" does not exist on ${where}`,
        `create it (\`createdb ${database}\`) or fix the database name in DATABASE_URL`,
      );
    case 'TableDoesNotExist':
    case '42P01':
      return told(
        'not-migrated',
        `database "${database}" on ${where} is not migrated${fault.table ? ` (no table ${fault.table})` : ''}`,
        'run `pnpm migrate deploy`',
      );
    case 'TooManyConnections':
    case '53300':
      return told(
        'unreachable',
        `the database server at ${where} has no connection slots left`,
        'raise its max_connections or lower the pool sizes',
      );
    default:
      if (code === '57P03') return unreachable('still starting up', 'retry in a moment');
      if (endsSession(fault, code))
        return unreachable(
          lastLineOf(fault.reason ?? fault.message ?? String(error)),
          'retry in a moment; the database server’s logs say why it ended the session',
        );
      return told(
        'other',
        `database error on ${where}: ${lastLineOf(fault.reason ?? fault.message ?? String(error))}`,
        'check DATABASE_URL and the database server’s logs',
      );
  }
}

/** Connection exceptions (class 08), operator intervention (57P: shutdown, crash, restart). */
function endsSession(fault: DriverFault, code: string | undefined): boolean {
  return (
    fault.severity === 'FATAL' ||
    fault.severity === 'PANIC' ||
    /^(08|57P)/.test(code ?? '') ||
    LOST_CONNECTION.test(lastLineOf(fault.message ?? ''))
  );
}

/** What `pg` says when a connection breaks or the pool cannot get one (no SQLSTATE then). */
const LOST_CONNECTION =
  /^(Connection terminated (unexpectedly|due to connection timeout)|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

/**
 * Prisma's own codes for a database it cannot use: P1001 cannot reach, P1002/P1008 timed out,
 * P1017 connection closed, P2024 no pooled connection in time.
 */
const PRISMA_UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

const UNAVAILABLE_KINDS: ReadonlySet<DatabaseFaultKind> = new Set([
  'unreachable',
  'credentials',
  'missing-database',
]);

/**
 * Whether an error thrown by Prisma Client means that the database cannot be used right now
 * (down, restarting, unreachable, out of connections, refusing the login), as opposed to a
 * query that failed: a service answers 503 for it, not 500. Only Prisma's and the driver
 * adapter's errors (and pg's own connection errors, which the adapter passes through) qualify,
 * so that a refused SMTP or webhook connection is never taken for one.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const record = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    errorCode?: unknown;
  };
  const name = typeof record.name === 'string' ? record.name : '';
  // The adapter passes pg's own connection errors through unwrapped; their sentences are pg's.
  if (error instanceof Error && LOST_CONNECTION.test(error.message)) return true;
  if (!name.startsWith('PrismaClient') && name !== 'DriverAdapterError') return false;
  const prismaCode = record.code ?? record.errorCode;
  if (typeof prismaCode === 'string' && PRISMA_UNAVAILABLE_CODES.has(prismaCode)) return true;
  return UNAVAILABLE_KINDS.has(describeDatabaseFault(error, '').kind);
}

function told(kind: DatabaseFaultKind, problem: string, hint: string): DatabaseFault {
  const safeProblem = redactCredentialsInText(problem);
  return { kind, problem: safeProblem, hint, message: `${safeProblem} — ${hint}` };
}

function driverFaultOf(error: unknown): DriverFault {
  const record = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    meta?: { driverAdapterError?: { cause?: DriverFault } };
    cause?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const adapterCause =
    record.meta?.driverAdapterError?.cause ??
    (record.name === 'DriverAdapterError' ? (record.cause as DriverFault | undefined) : undefined);
  if (adapterCause) return adapterCause;
  return {
    code: typeof record.code === 'string' ? record.code : undefined,
    message: typeof record.message === 'string' ? record.message : undefined,
  };
}

function targetOf(databaseUrl: string): { where: string; user: string; database: string } {
  try {
    const { host, port, user, database } = parseDatabaseUrl(databaseUrl);
    return { where: `${host ?? 'localhost'}:${port ?? 5432}`, user: user ?? '', database };
  } catch {
    return { where: 'the server DATABASE_URL names', user: '', database: '' };
  }
}

/** Prisma puts its invocation header first; the driver's own sentence is the last line. */
function lastLineOf(message: string): string {
  return (
    message
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? message
  );
}
