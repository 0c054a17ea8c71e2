import { Prisma } from '@publishing/db';
import type { RateLimitSettings } from './rate-limit-of';

/** The window counts sends per bucket of this many milliseconds. */
export const WINDOW_BUCKET_MS = 10;
/** Buckets counted: at least a whole second back, at most one bucket more. */
export const WINDOW_BUCKETS = 1000 / WINDOW_BUCKET_MS + 1;
/**
 * The most sends a channel's window lets through within its span (one second, plus at most a
 * bucket): the limit's worth, `rate + burst − 1` (at least `burst`). Evenly spaced sends fill it
 * exactly, so a punctual send is rarely held back (when the marks' uneven round trips put one
 * more into a span); late sends go only while the last second has room.
 */
export function windowCapacityOf(limit: RateLimitSettings): number {
  const burst = Math.max(1, Math.floor(limit.burst));
  return Math.max(1, Math.floor(limit.ratePerSecond)) + burst - 1;
}

export interface WindowRequest {
  channelId: string;
  /** Sends about to leave now. */
  wanted: number;
  capacity: number;
}

/**
 * The body of a CTE that lets sends through their channels' windows
 * (`publishing_channel_send_windows`, one row per channel, created on first use) and counts them,
 * atomically per channel (the upsert locks the row and reads its newest version, so workers never
 * overcount the room):
 *   counts shifted to the current 10 ms bucket (of the database's clock), then
 *   admitted = min(wanted, capacity − sum(counts)), added to the current bucket.
 * Rows: `channel_id`, `admitted` (the first `admitted` of the channel's sends may go).
 */
export function admitToSendWindows(requests: readonly WindowRequest[]): Prisma.Sql {
  const json = JSON.stringify(
    requests.map((request) => ({
      channel_id: request.channelId,
      wanted: request.wanted,
      capacity: request.capacity,
    })),
  );
  const perSecond = 1000 / WINDOW_BUCKET_MS;
  return Prisma.sql`
    INSERT INTO publishing_channel_send_windows AS w
           (channel_id, capacity, counts, newest_bucket, last_admitted)
    SELECT r.channel_id, r.capacity,
           array_fill(0, ARRAY[${WINDOW_BUCKETS - 1}::int]) || LEAST(r.wanted, r.capacity),
           now_bucket.value, LEAST(r.wanted, r.capacity)
      FROM jsonb_to_recordset(${json}::jsonb) AS r(channel_id uuid, wanted int, capacity int),
           (SELECT floor(extract(epoch FROM clock_timestamp()) * ${perSecond}::int)::bigint
                   AS value) AS now_bucket
    ON CONFLICT (channel_id) DO UPDATE
       SET (capacity, counts, newest_bucket, last_admitted, updated_at) = (
         SELECT excluded.capacity,
                shifted.counts[1:${WINDOW_BUCKETS - 1}::int]
                  || (shifted.counts[${WINDOW_BUCKETS}::int] + room.admitted),
                GREATEST(w.newest_bucket, now_bucket.value), room.admitted, now()
           FROM (SELECT floor(extract(epoch FROM clock_timestamp()) * ${perSecond}::int)::bigint
                        AS value) AS now_bucket
          CROSS JOIN LATERAL (SELECT CASE
                 WHEN now_bucket.value - w.newest_bucket >= ${WINDOW_BUCKETS}::int
                   OR cardinality(w.counts) <> ${WINDOW_BUCKETS}::int
                   THEN array_fill(0, ARRAY[${WINDOW_BUCKETS}::int])
                 WHEN now_bucket.value > w.newest_bucket
                   THEN w.counts[(now_bucket.value - w.newest_bucket + 1)::int : ${WINDOW_BUCKETS}::int]
                        || array_fill(0, ARRAY[(now_bucket.value - w.newest_bucket)::int])
                 -- Another worker's statement counted a later bucket: count this one's there too.
                 ELSE w.counts
               END AS counts) AS shifted
          -- excluded.last_admitted: the sends wanted (at most the capacity), as the INSERT put it.
          CROSS JOIN LATERAL (SELECT LEAST(excluded.last_admitted, GREATEST(0,
                   excluded.capacity - (SELECT sum(c) FROM unnest(shifted.counts) AS c)))::int
                   AS admitted) AS room)
    RETURNING w.channel_id, w.last_admitted AS admitted`;
}
