import type { PrismaClient } from '@publishing/db';
import { admitToSendWindows, type WindowRequest } from '../rate-limit/send-window';
import { STILL_SENDING } from './still-sending';

export interface StartRequest {
  id: string;
  /** The attempt this worker claimed: a retake by anyone (this worker included) counts another. */
  attempts: number;
  /** Set when the send must pass its channel's window (`send-window.ts`) to go now. */
  window?: { channelId: string; capacity: number };
}

export interface StartMarks {
  /** Still this worker's claim, lease extended to cover the send: only these may be sent. */
  started: Set<string>;
  /** Not marked: their channel's window was full (a second's worth of sends just went). */
  refused: Set<string>;
}

/**
 * Right before sending: extends the claims of deliveries this worker still holds from the short
 * claim lease to the send lease (longer than the send timeout), in one compare-and-set per row on
 * `claimed_by`, `attempts` and `status`. A row missing from `started` and `refused` was retaken
 * after its claim lease expired, and sending it would send it twice.
 *
 * In the same statement, sends with a `window` pass their channel's window in request order: the
 * first ones the window has room for are counted there and marked, the rest are `refused`.
 */
export async function markStarted(
  db: PrismaClient,
  workerId: string,
  leaseSeconds: number,
  requests: readonly StartRequest[],
): Promise<StartMarks> {
  if (requests.length === 0) return { started: new Set(), refused: new Set() };
  const windows = new Map<string, WindowRequest>();
  const marks = requests.map((request) => {
    if (!request.window) return { id: request.id, attempts: request.attempts };
    const { channelId, capacity } = request.window;
    const window = windows.get(channelId) ?? { channelId, wanted: 0, capacity };
    window.wanted += 1;
    windows.set(channelId, window);
    return {
      id: request.id,
      attempts: request.attempts,
      channel_id: channelId,
      turn: window.wanted,
    };
  });
  if (windows.size === 0)
    return { started: await markUnwindowed(db, workerId, leaseSeconds, marks), refused: new Set() };
  // A plain UPDATE: batches are disjoint, and the heartbeat (the other writer of these rows)
  // skips locked rows, so marks never deadlock.
  const rows = await db.$queryRaw<{ id: string; started: boolean; refused: boolean }[]>`
    WITH requested AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(marks)}::jsonb)
                    AS m(id uuid, attempts int, channel_id uuid, turn int)
    ), admitted AS (${admitToSendWindows([...windows.values()])}
    ), marked AS (
      UPDATE publishing_deliveries d
         SET claim_expires_at = now() + make_interval(secs => ${leaseSeconds}::int),
             updated_at = now()
        FROM requested m
        LEFT JOIN admitted a ON a.channel_id = m.channel_id
       WHERE d.id = m.id AND d.claimed_by = ${workerId} AND d.attempts = m.attempts
         AND ${STILL_SENDING} AND (m.turn IS NULL OR m.turn <= a.admitted)
      RETURNING d.id
    )
    SELECT m.id::text AS id, marked.id IS NOT NULL AS started,
           m.turn IS NOT NULL AND m.turn > COALESCE(a.admitted, 0) AS refused
      FROM requested m
      LEFT JOIN admitted a ON a.channel_id = m.channel_id
      LEFT JOIN marked ON marked.id = m.id`;
  const result: StartMarks = { started: new Set(), refused: new Set() };
  for (const row of rows) {
    if (row.started) result.started.add(row.id);
    else if (row.refused) result.refused.add(row.id);
  }
  return result;
}

/** The marks of sends that pass no window (most batches): the compare-and-set alone. */
async function markUnwindowed(
  db: PrismaClient,
  workerId: string,
  leaseSeconds: number,
  marks: readonly { id: string; attempts: number }[],
): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE publishing_deliveries d
       SET claim_expires_at = now() + make_interval(secs => ${leaseSeconds}::int),
           updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(marks)}::jsonb) AS m(id uuid, attempts int)
     WHERE d.id = m.id AND d.claimed_by = ${workerId} AND d.attempts = m.attempts
       AND ${STILL_SENDING}
    RETURNING d.id::text AS id`;
  return new Set(rows.map((row) => row.id));
}
