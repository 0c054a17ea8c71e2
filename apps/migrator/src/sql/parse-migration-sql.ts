import type { Node, RawStmt, ScanToken } from 'libpg-query';
import { nodeAs, nodeTypeOf, type NodeType } from './ast';
import { MigrationSyntaxError } from './migration-syntax-error';
import { isNonTransactional } from './no-transaction-directive';
import { remembered } from './parse-cache';
import { isSqlError, parsePostgres, scanPostgres } from './postgres-parser';
import { byteOffsetToLine, locateCharacter } from './source-position';

export interface ParsedStatement {
  /** The exact source text, without surrounding comments, whitespace or the trailing semicolon. */
  text: string;
  /** 1-based line where the statement starts. */
  line: number;
  /** The parse-tree node type, e.g. `AlterTableStmt`. */
  type: NodeType;
  /** The parse tree: `{ [type]: fields }` (read it with `nodeAs(statement.node, type)`). */
  node: Node;
  /** BEGIN, START TRANSACTION, COMMIT/END, ROLLBACK/ABORT or a two-phase PREPARE/COMMIT/ROLLBACK PREPARED. */
  isTransactionControl: boolean;
}

export interface ParsedMigration {
  statements: ParsedStatement[];
  /** The file carries the `-- migrate:no-transaction` directive before its first statement. */
  nonTransactional: boolean;
}

const TRANSACTION_BOUNDARIES = new Set([
  'TRANS_STMT_BEGIN',
  'TRANS_STMT_START',
  'TRANS_STMT_COMMIT',
  'TRANS_STMT_ROLLBACK',
  'TRANS_STMT_PREPARE',
  'TRANS_STMT_COMMIT_PREPARED',
  'TRANS_STMT_ROLLBACK_PREPARED',
]);

const SEMICOLON_TOKEN = 'ASCII_59';
const COMMENT_TOKENS = new Set(['SQL_COMMENT', 'C_COMMENT']);

/** Parses a migration file with PostgreSQL's own parser. Throws `MigrationSyntaxError`. */
export async function parseMigrationSql(text: string): Promise<ParsedMigration> {
  const sql = text.replace(/^\uFEFF/, '');
  const rawStatements = await parseOrExplain(sql);
  const codeTokens = (await scanPostgres(sql)).filter(
    (token) => !COMMENT_TOKENS.has(token.tokenName) && token.tokenName !== SEMICOLON_TOKEN,
  );
  const utf8 = Buffer.from(sql, 'utf8');
  const lineOf = byteOffsetToLine(utf8);
  const codeSpan = codeSpanFinder(codeTokens);

  const statements = rawStatements.flatMap((raw): ParsedStatement[] => {
    if (raw.stmt === undefined) return [];
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : utf8.length;
    const span = codeSpan(start, end);
    return [
      {
        text: utf8.subarray(span.start, span.end).toString('utf8'),
        line: lineOf(span.start),
        type: nodeTypeOf(raw.stmt),
        node: raw.stmt,
        isTransactionControl: isTransactionBoundary(raw.stmt),
      },
    ];
  });
  return { statements, nonTransactional: isNonTransactional(sql) };
}

/**
 * Whether the file parses, and whether it controls transactions itself (when not marked
 * no-transaction): what deploy checks before running anything. Skips the lexer pass that
 * `parseMigrationSql` makes for each statement's exact text, which costs several times the parse.
 * Throws `MigrationSyntaxError`.
 */
export function controlsTransactions(text: string): Promise<boolean> {
  return remembered('controlsTransactions', text, async () => {
    const sql = text.replace(/^\uFEFF/, '');
    const rawStatements = await parseOrExplain(sql);
    return (
      !isNonTransactional(sql) &&
      rawStatements.some((raw) => raw.stmt !== undefined && isTransactionBoundary(raw.stmt))
    );
  });
}

/** Each statement's text on its own, for running a non-transactional migration statement by statement. */
export function splitStatements(text: string): Promise<string[]> {
  return remembered('statements', text, async () => {
    const { statements } = await parseMigrationSql(text);
    return statements.map((statement) => statement.text);
  });
}

async function parseOrExplain(sql: string): Promise<RawStmt[]> {
  try {
    return (await parsePostgres(sql)).stmts ?? [];
  } catch (error) {
    if (!isSqlError(error)) throw error;
    const details = error.sqlDetails ?? { message: error.message, cursorPosition: 0 };
    throw new MigrationSyntaxError(details.message, locateCharacter(sql, details.cursorPosition));
  }
}

/**
 * Narrows a statement's byte range to its first and last token, leaving out the comments the
 * parser counts into the last statement. Ranges must be asked for in order.
 */
function codeSpanFinder(
  tokens: ScanToken[],
): (start: number, end: number) => { start: number; end: number } {
  let next = 0;
  return (start, end) => {
    while ((tokens[next]?.start ?? Infinity) < start) next += 1;
    const first = tokens[next];
    let last: ScanToken | undefined;
    while ((tokens[next]?.end ?? Infinity) <= end) {
      last = tokens[next];
      next += 1;
    }
    return first && last ? { start: first.start, end: last.end } : { start, end };
  };
}

function isTransactionBoundary(node: Node): boolean {
  const transaction = nodeAs(node, 'TransactionStmt');
  return transaction !== undefined && TRANSACTION_BOUNDARIES.has(transaction.kind ?? '');
}
