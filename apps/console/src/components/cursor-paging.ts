import { useCallback, useState } from 'preact/hooks';

/**
 * Keyset paging over a list: the `after` cursor of each page visited, so "previous" goes back
 * without offsets (which the API caps at 10,000).
 */
export function useCursorPaging() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const pageIndex = cursors.length - 1;
  const after = cursors[pageIndex];
  const next = useCallback((cursor: string) => setCursors((stack) => [...stack, cursor]), []);
  const previous = useCallback(
    () => setCursors((stack) => (stack.length > 1 ? stack.slice(0, -1) : stack)),
    [],
  );
  const reset = useCallback(() => setCursors([undefined]), []);
  return { after, pageIndex, next, previous, reset };
}

export type CursorPaging = ReturnType<typeof useCursorPaging>;

export function pageSummary(
  pageIndex: number,
  limit: number,
  shown: number,
  total: number,
  exact: boolean,
) {
  if (shown === 0) return 'Nothing to show';
  const first = pageIndex * limit + 1;
  const last = first + shown - 1;
  // Past 10,000 matching rows the API stops counting: 10001 means "more than 10,000".
  const of = exact ? `${total}` : total === 10_001 ? 'more than 10000' : `about ${total}`;
  return `${first}–${last} of ${of}`;
}
