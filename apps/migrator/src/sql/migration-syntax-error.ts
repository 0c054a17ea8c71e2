import { type CharacterPosition } from './source-position';

/** A migration file PostgreSQL's parser rejects, with the position of the offending token. */
export class MigrationSyntaxError extends Error {
  override readonly name = 'MigrationSyntaxError';
  /** The parser's own message, e.g. `syntax error at or near "SELEC"`. */
  readonly reason: string;
  readonly line: number;
  readonly column: number;
  readonly lineText: string;

  constructor(reason: string, position: CharacterPosition) {
    super(`${reason} (line ${position.line}, column ${position.column})`);
    this.reason = reason;
    this.line = position.line;
    this.column = position.column;
    this.lineText = position.lineText;
  }

  /** `file:line:column: reason`, then the offending line with a caret under the column. */
  describe(fileName: string): string {
    const indent = Array.from(this.lineText)
      .slice(0, this.column - 1)
      .map((character) => (character === '\t' ? '\t' : ' '))
      .join('');
    return `${fileName}:${this.line}:${this.column}: ${this.reason}\n  ${this.lineText}\n  ${indent}^`;
  }
}
