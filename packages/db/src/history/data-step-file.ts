import type { DataStepMode } from '../data-migration';

/** A migration folder's TypeScript data step. */
export const DATA_STEP_FILE = 'data.ts';

/** What `data.ts` declares, read from its text (no TypeScript is run to know it). */
export interface DataStepFile {
  path: string;
  /** SHA-256 of `data.ts`: a finished step whose file changed is refused as edited. */
  checksum: string;
  /** `mode: '…'` as written; null when the text does not say it literally. */
  mode: DataStepMode | null;
  /** `blocking: true|false` as written; null when not literal (readiness then treats it as blocking). */
  blocking: boolean | null;
}

export function declaredMode(text: string): DataStepMode | null {
  const match = /\bmode\s*:\s*['"`](transaction|batched)['"`]/.exec(text);
  return (match?.[1] as DataStepMode | undefined) ?? null;
}

export function declaredBlocking(text: string): boolean | null {
  const match = /\bblocking\s*:\s*(true|false)\b/.exec(text);
  return match ? match[1] === 'true' : null;
}
