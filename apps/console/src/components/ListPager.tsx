import type { ListPage } from '../api/types';
import { pageSummary, type CursorPaging } from './cursor-paging';
import { Pager } from './Pager';

interface ListPagerProps {
  label: string;
  paging: CursorPaging;
  pageSize: number;
  /** Rows on the page shown. */
  shown: number;
  page: ListPage;
}

/** The Pager of a keyset-paged API list: previous/next by cursor and "1–20 of N". */
export function ListPager({ label, paging, pageSize, shown, page }: ListPagerProps) {
  return (
    <Pager
      label={label}
      hasPrevious={paging.pageIndex > 0}
      hasNext={page.next_cursor !== null}
      onPrevious={paging.previous}
      onNext={() => page.next_cursor && paging.next(page.next_cursor)}
      summary={pageSummary(
        paging.pageIndex,
        pageSize,
        shown,
        page.total_count,
        page.total_count_exact,
      )}
    />
  );
}
