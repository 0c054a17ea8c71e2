import type { ListTotal } from './bounded-total';
import { decodeListCursor, encodeListCursor } from './list-cursor';

type Direction = 'asc' | 'desc';

export interface PageRequest {
  limit: number;
  offset: number;
  after?: string;
}

/**
 * The Prisma arguments of one page in (created_at, id) order, by offset or after a cursor. With a
 * cursor, Prisma compares against the cursor row's own created_at inside the query (exact to the
 * microsecond); the `createdAt` bound lets PostgreSQL start its index scan at the cursor instead of
 * walking every row before it. One row more than the page tells whether another page follows.
 */
export interface KeysetPageArgs {
  orderBy: [{ createdAt: Direction }, { id: Direction }];
  take: number;
  skip: number;
  cursor?: { id: string };
  /** AND it with the list's filter. */
  bound: { createdAt?: { lt: Date } | { gt: Date } };
}

export function keysetPageArgs(page: PageRequest, direction: Direction): KeysetPageArgs {
  const orderBy: KeysetPageArgs['orderBy'] = [{ createdAt: direction }, { id: direction }];
  const cursor = page.after === undefined ? undefined : decodeListCursor(page.after);
  if (!cursor) return { orderBy, take: page.limit + 1, skip: page.offset, bound: {} };
  const time = cursor.createdAt.getTime();
  return {
    orderBy,
    take: page.limit + 1,
    skip: 1,
    cursor: { id: cursor.id },
    // The encoded time is the row's created_at cut to milliseconds: ±1 ms keeps the row inside.
    bound: {
      createdAt: direction === 'desc' ? { lt: new Date(time + 1) } : { gt: new Date(time - 1) },
    },
  };
}

/** The page's rows and the cursor of the next page (null at the end). */
export function keysetPage<Row extends { createdAt: Date; id: string }>(
  rows: Row[],
  limit: number,
): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeListCursor(last) : null };
}

export interface ListPage<Row> {
  rows: Row[];
  nextCursor: string | null;
  total: ListTotal;
}
