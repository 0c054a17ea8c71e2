import { setFlagsFromString } from 'node:v8';
import { loadModule, parseSync, scanSync, type ParseResult, type ScanToken } from 'libpg-query';

let loading: Promise<void> | undefined;

/**
 * The parser is WebAssembly: it must be instantiated once before the synchronous calls work.
 * Its functions compile when first called, not all 1.7 MB of them before the first parse: less
 * work in all, which halved load and first parse on a busy machine (no change on a quiet one).
 * V8 reads the flag when it compiles a module, and its code cache (bin/code-cache.cjs) does not
 * check it.
 */
async function ensureLoaded(): Promise<void> {
  loading ??= loadCompilingLazily().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  await loading;
}

function loadCompilingLazily(): Promise<void> {
  setFlagsFromString('--wasm-lazy-compilation');
  return loadModule();
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
