/** A migration whose header carries this line comment runs statement by statement, outside a transaction. */
export const NO_TRANSACTION_DIRECTIVE = '-- migrate:no-transaction';

/** True when the directive is one of the comments before the first statement. */
export function isNonTransactional(text: string): boolean {
  return leadingLineComments(text).some(
    (comment) =>
      comment === NO_TRANSACTION_DIRECTIVE || comment.startsWith(`${NO_TRANSACTION_DIRECTIVE} `),
  );
}

/** The `--` comments (trimmed) of the file's header: everything before its first token. */
function leadingLineComments(text: string): string[] {
  const comments: string[] = [];
  let position = 0;
  for (;;) {
    while (position < text.length && /\s|\uFEFF/.test(text.charAt(position))) position += 1;
    if (text.startsWith('--', position)) {
      const lineEnd = text.indexOf('\n', position);
      const end = lineEnd === -1 ? text.length : lineEnd;
      comments.push(text.slice(position, end).trim());
      position = end;
    } else if (text.startsWith('/*', position)) {
      position = endOfBlockComment(text, position);
    } else {
      return comments;
    }
  }
}

/** PostgreSQL block comments nest. */
function endOfBlockComment(text: string, start: number): number {
  let depth = 0;
  let position = start;
  while (position < text.length) {
    if (text.startsWith('/*', position)) {
      depth += 1;
      position += 2;
    } else if (text.startsWith('*/', position)) {
      depth -= 1;
      position += 2;
      if (depth === 0) return position;
    } else {
      position += 1;
    }
  }
  return position;
}
