import type { PrismaClient } from '@publishing/db';
import type { StartRequest } from './mark-started';
import { STILL_SENDING } from './still-sending';

/**
 * The claim heartbeat: renews the short claim lease of deliveries this worker holds but has not
 * started (waiting for a rate-limit slot or a place in the pool), with the same compare-and-set
 * as the start mark. A lease is only ever lengthened, never shortened (a row marked started
 * meanwhile keeps its send lease). Called every third of the claim lease, it renews leases with
 * less than two thirds left, so each has at least a third left at any time. Returns the ids
 * renewed.
 */
export async function extendClaims(
  db: PrismaClient,
  workerId: string,
  claimLeaseSeconds: number,
  held: readonly StartRequest[],
): Promise<Set<string>> {
  if (held.length === 0) return new Set();
  // SKIP LOCKED: a row being marked or written right now needs no renewal, and the heartbeat
  // never waits for (or deadlocks with) those statements.
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH renewable AS (
      SELECT d.id FROM publishing_deliveries d
        JOIN jsonb_to_recordset(${JSON.stringify(held)}::jsonb) AS h(id uuid, attempts int)
          ON d.id = h.id AND d.attempts = h.attempts
       WHERE d.claimed_by = ${workerId} AND ${STILL_SENDING}
         -- Only leases past a third of their time: a fresh claim needs no renewal yet.
         AND d.claim_expires_at < now() + make_interval(secs => ${claimLeaseSeconds} * 2 / 3.0)
       ORDER BY d.id
         FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE publishing_deliveries d
       SET claim_expires_at = now() + make_interval(secs => ${claimLeaseSeconds}::int)
      FROM renewable
     WHERE d.id = renewable.id
    RETURNING d.id::text AS id`;
  return new Set(rows.map((row) => row.id));
}
