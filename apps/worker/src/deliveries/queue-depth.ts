import type { PrismaClient } from '@publishing/db';

/** The delivery queue in the table, across every worker. */
export interface QueueDepth {
  /** Waiting to be sent: due now, or backing off after a failure. */
  pending: number;
  /** Pending and due now: the backlog the workers have not claimed yet. */
  due: number;
  /** Claimed by some worker and being sent (`sending`). */
  claimed: number;
}

/** One count over the `(status, next_attempt_at)` index. */
export async function queueDepth(db: PrismaClient): Promise<QueueDepth> {
  const [row] = await db.$queryRaw<QueueDepth[]>`
    SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
           count(*) FILTER (WHERE status = 'pending' AND next_attempt_at <= now())::int AS due,
           count(*) FILTER (WHERE status = 'sending')::int AS claimed
      FROM publishing_deliveries
     WHERE status IN ('pending', 'sending')`;
  return row ?? { pending: 0, due: 0, claimed: 0 };
}
