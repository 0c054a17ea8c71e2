import type { ListTotal } from './bounded-total';
import type { PageRequest } from './keyset-page';

/** The pagination fields every list response carries next to its rows. */
export function paginationFields(
  request: PageRequest,
  page: { total: ListTotal; nextCursor: string | null },
) {
  return {
    total_count: page.total.total,
    total_count_exact: page.total.exact,
    limit: request.limit,
    offset: request.offset,
    next_cursor: page.nextCursor,
  };
}
