import type { PrismaClient } from '@publishing/db';
import { fanOutPublication } from './fan-out';

export interface StartedPublication {
  id: string;
  /** `processing` when its deliveries were created, `failed` when it was too late to send. */
  status: 'processing' | 'failed';
  lateBySeconds: number;
  deliveriesCreated: number;
}

/** Fan-out of a large audience runs inside the claim's transaction: give it time. */
const FAN_OUT_TRANSACTION_TIMEOUT_MS = 10 * 60_000;

/**
 * Claims the most overdue scheduled publication, exactly once across workers: the row is locked
 * with `FOR UPDATE SKIP LOCKED` (a concurrent worker skips it instead of waiting) and moved out of
 * `scheduled` in the same statement. Within the same transaction its deliveries are created, so a
 * worker that dies half-way leaves it `scheduled` with nothing created, and the next one starts
 * over. Past `maxLatenessSeconds` (0 = no limit) it fails with `too_late` instead of sending.
 */
export async function startNextDuePublication(
  db: PrismaClient,
  options: { maxLatenessSeconds: number },
): Promise<StartedPublication | undefined> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<
        { id: string; status: 'processing' | 'failed'; late_by: number }[]
      >`
        WITH due AS (
          SELECT id, scheduled_time,
                 ${options.maxLatenessSeconds}::int > 0
                   AND now() - scheduled_time > make_interval(secs => ${options.maxLatenessSeconds}::int) AS too_late
            FROM publishing_publications
           WHERE status = 'scheduled' AND scheduled_time <= now()
           ORDER BY scheduled_time, id
           LIMIT 1
             FOR UPDATE SKIP LOCKED
        )
        UPDATE publishing_publications p
           SET status = (CASE WHEN due.too_late THEN 'failed' ELSE 'processing' END)::publication_status,
               error_details = CASE WHEN due.too_late THEN format(
                 'too_late: due at %s, %s s late; the maximum lateness is %s s (WORKER_MAX_LATENESS_SECONDS)',
                 to_char(due.scheduled_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                 floor(extract(epoch FROM now() - due.scheduled_time))::bigint,
                 ${options.maxLatenessSeconds}::int) END,
               published_time = CASE WHEN due.too_late THEN p.published_time ELSE now() END,
               updated_at = now()
          FROM due
         WHERE p.id = due.id
        RETURNING p.id::text AS id, p.status::text AS status,
                  extract(epoch FROM now() - due.scheduled_time)::float8 AS late_by`;
      const row = rows[0];
      if (!row) return undefined;
      const deliveriesCreated =
        row.status === 'processing' ? await fanOutPublication(tx, row.id) : 0;
      return { id: row.id, status: row.status, lateBySeconds: row.late_by, deliveriesCreated };
    },
    { timeout: FAN_OUT_TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
}
