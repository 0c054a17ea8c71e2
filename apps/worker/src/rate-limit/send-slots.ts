import type { PrismaClient } from '@publishing/db';
import type { RateLimitSettings } from './rate-limit-of';

export interface SlotRequest {
  channelId: string;
  limit: RateLimitSettings;
  /** Slots wanted: one per delivery about to be sent. */
  wanted: number;
}

export interface SlotGrant {
  /** Slots granted (≤ wanted): the first `granted` deliveries may go, at `firstInMs + i × intervalMs`. */
  granted: number;
  /** From now, on this worker's clock; ≤ 0 means at once (a burst). */
  firstInMs: number;
  intervalMs: number;
  /** When the channel's next slot is free, from now: where a delivery not granted is deferred to. */
  nextFreeInMs: number;
}

/**
 * The milliseconds between two sends of a channel (GCRA's emission interval). A channel's `burst`
 * lets up to that many sends go at once after an idle period; with the default burst of 1, sends
 * are evenly spaced: any window of `w` seconds holds at most `floor(w × rate) + burst` slots.
 */
export function intervalMsOf(limit: RateLimitSettings): number {
  return 1000 / limit.ratePerSecond;
}

/**
 * Reserves send slots for several channels in one statement, shared by every worker through
 * `publishing_channel_send_slots` (one row per channel: `next_free_at`, the time its next send may
 * go). Each channel's row is updated atomically (row lock; a concurrent update is re-evaluated
 * on the newest row), so N workers together respect the channel's limit:
 *   start   = max(next_free_at, now − (burst − 1) × interval)
 *   granted = min(wanted, slots whose time start + i × interval is within `horizonMs` of now)
 *   next_free_at = start + granted × interval
 * A slot is only booked for a delivery this worker holds, and never further ahead than
 * `horizonMs` (less than the claim lease, so a delivery starts before its claim expires).
 */
export async function reserveSendSlots(
  db: PrismaClient,
  requests: readonly SlotRequest[],
  horizonMs: number,
): Promise<Map<string, SlotGrant>> {
  const grants = new Map<string, SlotGrant>();
  const rows = requests
    .filter((request) => request.wanted > 0)
    .map((request) => ({
      channel_id: request.channelId,
      wanted: request.wanted,
      interval_ms: intervalMsOf(request.limit),
      burst: Math.max(1, Math.floor(request.limit.burst)),
    }));
  if (rows.length === 0) return grants;
  const json = JSON.stringify(rows);
  // A new channel starts idle: its first `burst` sends may go at once.
  await db.$executeRaw`
    INSERT INTO publishing_channel_send_slots (channel_id, next_free_at)
    SELECT r.channel_id, timestamptz '1970-01-01 00:00:00+00'
      FROM jsonb_to_recordset(${json}::jsonb) AS r(channel_id uuid)
        ON CONFLICT (channel_id) DO NOTHING`;
  const answered = await db.$queryRaw<
    { channel_id: string; granted: number; next_free_in_ms: number }[]
  >`
    UPDATE publishing_channel_send_slots s
       SET last_granted = LEAST(r.wanted, GREATEST(0, floor(
             (extract(epoch FROM now() - GREATEST(s.next_free_at,
                now() - (r.burst - 1) * r.interval_ms * interval '1 millisecond')) * 1000
              + ${horizonMs}::float8) / r.interval_ms)::int + 1)),
           next_free_at = GREATEST(s.next_free_at,
                now() - (r.burst - 1) * r.interval_ms * interval '1 millisecond')
             + LEAST(r.wanted, GREATEST(0, floor(
             (extract(epoch FROM now() - GREATEST(s.next_free_at,
                now() - (r.burst - 1) * r.interval_ms * interval '1 millisecond')) * 1000
              + ${horizonMs}::float8) / r.interval_ms)::int + 1))
               * r.interval_ms * interval '1 millisecond',
           updated_at = now()
      FROM jsonb_to_recordset(${json}::jsonb)
           AS r(channel_id uuid, wanted int, interval_ms float8, burst int)
     WHERE s.channel_id = r.channel_id
    RETURNING s.channel_id::text AS channel_id, s.last_granted AS granted,
              (extract(epoch FROM s.next_free_at - clock_timestamp()) * 1000)::float8
                AS next_free_in_ms`;
  // The answer is measured from clock_timestamp() (after any wait for the row's lock), not the
  // statement's start: slots map onto this worker's clock within the reply's latency, so
  // workers whose statements waited do not shift their sends into another worker's slots.
  for (const row of answered) {
    const intervalMs = rows.find((request) => request.channel_id === row.channel_id)!.interval_ms;
    grants.set(row.channel_id, {
      granted: row.granted,
      firstInMs: row.next_free_in_ms - row.granted * intervalMs,
      intervalMs,
      nextFreeInMs: row.next_free_in_ms,
    });
  }
  return grants;
}
