import type { BatchProgress } from '@publishing/db/history';
import { formatDuration } from '../cli/reporter';

/** `500/1200 rows, last key 500, 4563 rows/s, ETA 0.2 s`. */
export function describeProgress(progress: BatchProgress): string {
  const rate = progress.rowsPerSecond === null ? '' : `, ${progress.rowsPerSecond} rows/s`;
  const eta =
    progress.done || progress.etaSeconds === null
      ? ''
      : `, ETA ${formatDuration(progress.etaSeconds * 1000)}`;
  return `${progress.rowsDone}/${progress.rowsTotal} rows${progress.done ? ' (done)' : ''}, last key ${progress.lastKey ?? '-'}${rate}${eta}`;
}
