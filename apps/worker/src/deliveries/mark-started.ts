import type { PrismaClient } from '@publishing/db';

export interface StartRequest {
  id: string;
  /** The attempt this worker claimed: a retake by anyone (this worker included) counts another. */
  attempts: number;
}

/**
 * Right before sending: extends the claims of deliveries this worker still holds from the short
 * claim lease to the send lease (longer than the send timeout), in one compare-and-set per row on
 * `claimed_by`, `attempts` and `status`. Returns the ids that were still this worker's claim:
 * only those may be sent. A row missing from the answer was retaken after its claim lease
 * expired, and sending it would send it twice.
 */
export async function markStarted(
  db: PrismaClient,
  workerId: string,
  leaseSeconds: number,
  requests: readonly StartRequest[],
): Promise<Set<string>> {
  if (requests.length === 0) return new Set();
  // Rows are locked in id order, as every multi-row write of the worker does, so two such
  // statements never deadlock.
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH held AS (
      SELECT d.id FROM publishing_deliveries d
        JOIN jsonb_to_recordset(${JSON.stringify(requests)}::jsonb) AS m(id uuid, attempts int)
          ON d.id = m.id AND d.attempts = m.attempts
       WHERE d.claimed_by = ${workerId} AND d.status = 'sending'
       ORDER BY d.id
         FOR UPDATE OF d
    )
    UPDATE publishing_deliveries d
       SET claim_expires_at = now() + make_interval(secs => ${leaseSeconds}::int),
           updated_at = now()
      FROM held
     WHERE d.id = held.id
    RETURNING d.id::text AS id`;
  return new Set(rows.map((row) => row.id));
}
