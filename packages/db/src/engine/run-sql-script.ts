import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { loadModule, parseSync } from 'libpg-query';
import { DatabaseError, type ClientBase } from 'pg';

const NO_TRANSACTION_DIRECTIVE = '-- migrate:no-transaction';

/**
 * Runs a SQL script as one simple-query message. PostgreSQL then executes it as one implicit
 * transaction (unless the script controls transactions itself), and `$$` bodies or `';'` inside
 * string literals stay intact, unlike splitting the text on semicolons.
 *
 * A script whose header carries `-- migrate:no-transaction` (CREATE INDEX CONCURRENTLY cannot
 * run in any transaction block, implicit ones included) is split by PostgreSQL's own parser and
 * run statement by statement, as `pnpm migrate deploy` applies it.
 */
export async function runSqlScript(client: ClientBase, script: string): Promise<void> {
  try {
    if (!isNonTransactional(script)) {
      await client.query(script);
      return;
    }
    for (const statement of await splitStatements(script)) await client.query(statement);
  } catch (error) {
    throw asDriverAdapterError(error);
  }
}

function isNonTransactional(script: string): boolean {
  for (const line of script.replace(/^\uFEFF/, '').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('--')) return false;
    if (trimmed === NO_TRANSACTION_DIRECTIVE || trimmed.startsWith(`${NO_TRANSACTION_DIRECTIVE} `))
      return true;
  }
  return false;
}

let parserLoading: Promise<void> | undefined;

async function splitStatements(script: string): Promise<string[]> {
  parserLoading ??= loadModule();
  await parserLoading;
  const utf8 = Buffer.from(script, 'utf8');
  return (parseSync(script).stmts ?? []).map((raw) => {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : utf8.length;
    return utf8.subarray(start, end).toString('utf8');
  });
}

function asDriverAdapterError(error: unknown): unknown {
  if (!(error instanceof DatabaseError)) return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code ?? 'N/A',
    severity: error.severity ?? 'N/A',
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}
