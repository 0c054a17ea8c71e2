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
  // A plain UPDATE: batches are disjoint, and the heartbeat (the other writer of these rows)
  // skips locked rows, so marks never deadlock.
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE publishing_deliveries d
       SET claim_expires_at = now() + make_interval(secs => ${leaseSeconds}::int),
           updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(requests)}::jsonb) AS m(id uuid, attempts int)
     WHERE d.id = m.id AND d.claimed_by = ${workerId} AND d.attempts = m.attempts
       AND d.status = 'sending'
    RETURNING d.id::text AS id`;
  return new Set(rows.map((row) => row.id));
}
