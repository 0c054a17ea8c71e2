import { Prisma } from '@publishing/db';

/**
 * `d.status = 'sending'`, for statements that find their deliveries by id: compared as text, so
 * the planner cannot answer it from the (status, next_attempt_at) index. Statistics taken while
 * few rows were in flight (as after any big fan-out) make that index look like the cheapest way
 * in, and the statement then reads every row in flight, dead versions included, for each batch:
 * 20–60 ms a statement instead of 1–5 ms with 30,000 rows in flight. The status only confirms rows
 * the primary key already found.
 */
export const STILL_SENDING = Prisma.sql`d.status::text = 'sending'`;
