import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { DatabaseError, type ClientBase } from 'pg';

/**
 * Runs a SQL script as one simple-query message. PostgreSQL then executes it as one implicit
 * transaction (unless the script controls transactions itself), and `$$` bodies or `';'` inside
 * string literals stay intact, unlike splitting the text on semicolons.
 */
export async function runSqlScript(client: ClientBase, script: string): Promise<void> {
  try {
    await client.query(script);
  } catch (error) {
    throw asDriverAdapterError(error);
  }
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
