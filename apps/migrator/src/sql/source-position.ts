const NEWLINE = 0x0a;

/** Returns the 1-based line of a UTF-8 byte offset into `utf8`. */
export function byteOffsetToLine(utf8: Uint8Array): (byteOffset: number) => number {
  const newlineOffsets: number[] = [];
  utf8.forEach((byte, offset) => {
    if (byte === NEWLINE) newlineOffsets.push(offset);
  });
  return (byteOffset) => 1 + countBelow(newlineOffsets, byteOffset);
}

function countBelow(sorted: number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? Infinity) < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface CharacterPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters (code points). */
  column: number;
  /** The whole line, without its line break. */
  lineText: string;
}

/** Where the character at `characterIndex` (0-based, in code points, as PostgreSQL counts) sits. */
export function locateCharacter(text: string, characterIndex: number): CharacterPosition {
  const characters = Array.from(text);
  const index = Math.min(Math.max(characterIndex, 0), characters.length);
  const before = characters.slice(0, index).join('');
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  return {
    line: before.split('\n').length,
    column: Array.from(before.slice(lineStart)).length + 1,
    lineText: text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, ''),
  };
}
