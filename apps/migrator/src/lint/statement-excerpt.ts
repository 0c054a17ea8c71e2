const EXCERPT_LENGTH = 120;

/** The statement on one line, shortened: enough to recognise it next to its line number. */
export function statementExcerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= EXCERPT_LENGTH ? oneLine : `${oneLine.slice(0, EXCERPT_LENGTH - 1)}…`;
}
