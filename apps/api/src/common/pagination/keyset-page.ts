import type { ListTotal } from './bounded-total';
import { decodeListCursor, encodeListCursor } from './list-cursor';

type Direction = 'asc' | 'desc';

export interface PageRequest {
  limit: number;
  offset: number;
  after?: string;
}

export interface ListPage<Row> {
  rows: Row[];
  nextCursor: string | null;
  total: ListTotal;
}

export type ListOrder = [{ createdAt: Direction }, { id: Direction }];

export interface KeysetPageArgs {
  orderBy: ListOrder;
  take: number;
  skip: number;
  relationLoadStrategy: RelationLoadStrategy;
  cursor?: { id: string };
  /** AND it with the list's filter. */
  bound: { createdAt?: { lt: Date } | { gt: Date } | { gte: Date } };
}

type RelationLoadStrategy = 'join' | 'query';

/**
 * Relations joined into the page's statement (one round trip) unless the page is read at an
 * offset: PostgreSQL evaluates a joined relation for every row it skips too, so at offset 10,000
 * a list took five times longer than with the relation read in a second statement.
 */
function relationLoadStrategyFor(skip: number): RelationLoadStrategy {
  return skip > 1 ? 'query' : 'join';
}

/** Every list's order: (created_at, id), which an index of each table serves. */
export function listOrder(direction: Direction): ListOrder {
  return [{ createdAt: direction }, { id: direction }];
}

/**
 * One page in (created_at, id) order, by offset or after a cursor, read by `read` with the Prisma
 * arguments given. With a cursor, Prisma compares against the cursor row's own created_at inside
 * the query (exact to the microsecond, which JavaScript dates are not); the `createdAt` bound lets
 * PostgreSQL start its index scan at the cursor instead of walking every row before it. One row
 * more than the page tells whether another page follows.
 */
export async function readKeysetPage<Row extends { createdAt: Date; id: string }>(
  page: PageRequest,
  direction: Direction,
  read: (args: KeysetPageArgs) => Promise<Row[]>,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const orderBy = listOrder(direction);
  const take = page.limit + 1;
  const readAt = (args: Pick<KeysetPageArgs, 'skip' | 'cursor' | 'bound'>) =>
    read({ orderBy, take, relationLoadStrategy: relationLoadStrategyFor(args.skip), ...args });
  const cursor = page.after === undefined ? undefined : decodeListCursor(page.after);
  if (!cursor) return pageOf(await readAt({ skip: page.offset, bound: {} }), page.limit);
  // The encoded time is the row's created_at cut to milliseconds: ±1 ms keeps the row inside.
  const time = cursor.createdAt.getTime();
  const rows = await readAt({
    skip: 1,
    cursor: { id: cursor.id },
    bound: {
      createdAt: direction === 'desc' ? { lt: new Date(time + 1) } : { gt: new Date(time - 1) },
    },
  });
  if (rows.length > 0) return pageOf(rows, page.limit);
  // A cursor is only handed out when a row follows it, so an empty page means its row was deleted
  // (Prisma then finds nothing): continue from the next millisecond on.
  const after = direction === 'desc' ? { lt: cursor.createdAt } : { gte: new Date(time + 1) };
  return pageOf(await readAt({ skip: 0, bound: { createdAt: after } }), page.limit);
}

function pageOf<Row extends { createdAt: Date; id: string }>(
  rows: Row[],
  limit: number,
): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeListCursor(last) : null };
}
