import { setFlagsFromString } from 'node:v8';
import type * as PgQuery from 'libpg-query';
import type { ParseResult, ScanToken, SqlError } from 'libpg-query';

type Parser = typeof PgQuery;

let loading: Promise<Parser> | undefined;
let loaded: Parser | undefined;

/**
 * The parser is WebAssembly: it must be instantiated once before the synchronous calls work.
 * Its functions compile when first called, not all 1.7 MB of them before the first parse: less
 * work in all, which halved load and first parse on a busy machine (no change on a quiet one).
 * V8 reads the flag when it compiles a module, and its code cache (bin/code-cache.cjs) does not
 * check it.
 */
function ensureLoaded(): Promise<Parser> {
  loading ??= loadCompilingLazily().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Required on first use: a run whose results all come from the parse cache never loads it. */
async function loadCompilingLazily(): Promise<Parser> {
  const parser = await import('libpg-query');
  setFlagsFromString('--wasm-lazy-compilation');
  setFlagsFromString(BASELINE_ONLY);
  try {
    await parser.loadModule();
  } finally {
    setFlagsFromString(OPTIMIZING_ALLOWED);
  }
  loaded = parser;
  return parser;
}

/**
 * The parser's functions run as V8's baseline compiler (Liftoff) makes them: a run parses a few
 * files once, and the optimizing tier's compiles of the hot functions cost more than they return
 * (the history's eleven files parsed in a median 46 ms instead of 169 ms, six runs each at load
 * 17; with the flags set and reset around each parse, 94 ms instead of 196 ms, five runs at load
 * 21). The flags are set only while the parser works: V8's code cache (bin/code-cache.cjs) is
 * checked against them, and flags changed at exit, when the cache is written, make the next start
 * reject it. `--liftoff-only` also turns off the two tiering flags, so those are set back too (to
 * V8's defaults, which Node has not changed).
 */
function onBaselineCompiler<T>(work: () => T): T {
  setFlagsFromString(BASELINE_ONLY);
  try {
    return work();
  } finally {
    setFlagsFromString(OPTIMIZING_ALLOWED);
  }
}

const BASELINE_ONLY = '--liftoff-only';
const OPTIMIZING_ALLOWED = '--no-liftoff-only --wasm-tier-up --wasm-dynamic-tiering';

/** PostgreSQL's own parser; offsets in the result are UTF-8 byte offsets. Throws `SqlError`. */
export async function parsePostgres(sql: string): Promise<ParseResult> {
  const parser = await ensureLoaded();
  return sql.trim() === '' ? { stmts: [] } : onBaselineCompiler(() => parser.parseSync(sql));
}

/** PostgreSQL's own lexer, comments included; `start`/`end` are UTF-8 byte offsets. */
export async function scanPostgres(sql: string): Promise<ScanToken[]> {
  const parser = await ensureLoaded();
  return sql.trim() === '' ? [] : onBaselineCompiler(() => parser.scanSync(sql).tokens);
}

/** A syntax error from the parser, with its position (only a loaded parser throws one). */
export function isSqlError(error: unknown): error is SqlError {
  return loaded?.hasSqlDetails(error) ?? false;
}
