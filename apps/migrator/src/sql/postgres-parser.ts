import { loadModule, parseSync, scanSync, type ParseResult, type ScanToken } from 'libpg-query';

let loading: Promise<void> | undefined;

/** The parser is WebAssembly: it must be instantiated once before the synchronous calls work. */
async function ensureLoaded(): Promise<void> {
  loading ??= loadModule().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  await loading;
}

/** PostgreSQL's own parser; offsets in the result are UTF-8 byte offsets. Throws `SqlError`. */
export async function parsePostgres(sql: string): Promise<ParseResult> {
  await ensureLoaded();
  return sql.trim() === '' ? { stmts: [] } : parseSync(sql);
}

/** PostgreSQL's own lexer, comments included; `start`/`end` are UTF-8 byte offsets. */
export async function scanPostgres(sql: string): Promise<ScanToken[]> {
  await ensureLoaded();
  return sql.trim() === '' ? [] : scanSync(sql).tokens;
}
