import type { PrismaService } from '@publishing/db/nest';

/** Up to this many matching rows `total_count` is exact; past it, an estimate. */
export const EXACT_TOTAL_CAP = 10_000;

export interface ListTotal {
  total: number;
  exact: boolean;
}

/**
 * `total_count` without counting the whole table on every request: `countUpTo(cap + 1)` reads at
 * most cap + 1 index entries. Past the cap, an unfiltered list answers PostgreSQL's estimate of
 * the table's rows (pg_class.reltuples, kept by autovacuum/ANALYZE); a filtered one answers cap + 1,
 * "more than the cap", since the planner's estimate of an arbitrary filter can be off by orders
 * of magnitude.
 */
export async function boundedTotal(
  db: PrismaService,
  table: string,
  filtered: boolean,
  countUpTo: (take: number) => Promise<number>,
): Promise<ListTotal> {
  const counted = await countUpTo(EXACT_TOTAL_CAP + 1);
  if (counted <= EXACT_TOTAL_CAP) return { total: counted, exact: true };
  if (filtered) return { total: counted, exact: false };
  const [row] = await db.$queryRaw<{ estimate: number }[]>`
    SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = ${table}::regclass`;
  return { total: Math.max(counted, Math.round(row?.estimate ?? 0)), exact: false };
}

/** True when any of the values narrows the list (an absent filter is undefined). */
export function anyFilter(...values: unknown[]): boolean {
  return values.some((value) => value !== undefined);
}
