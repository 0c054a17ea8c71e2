import type { PrismaClient } from '@publishing/db';

export interface ClaimedDelivery {
  id: string;
  publicationId: string;
  subscriberId: string;
  channelId: string;
  /** This attempt's number (attempts are counted when claimed). */
  attempts: number;
  email: string;
  personalizationData: unknown;
}

export interface ClaimResult {
  /** Claimed for sending by this worker, leased until `claim_expires_at`. */
  sending: ClaimedDelivery[];
  /** Publications of rows the claim settled without sending (cancelled or skipped). */
  settledPublicationIds: string[];
}

interface ClaimRow {
  id: string;
  publication_id: string;
  subscriber_id: string;
  channel_id: string;
  status: string;
  attempts: number;
  email: string;
  personalization_data: unknown;
}

/** What one channel may claim this time. */
export interface ChannelBudget {
  channelId: string;
  /** At most this many of its due deliveries. */
  max: number;
  /** Its rate limit: the claim also stops at the slots free within `horizonMs`. */
  intervalMs: number;
  burst: number;
}

/**
 * Claims due deliveries in one statement, per channel, so a rate-limited or slow channel never
 * takes the claim budget of the others:
 * - due = `pending` with `next_attempt_at <= now()`, or `sending` whose lease expired (its worker
 *   died: the delivery is retaken, so a `kill -9` loses nothing);
 * - each channel (expired claims first, then pending by due time) gets at most its `max`, and
 *   no more than its shared send slots
 *   (`publishing_channel_send_slots`) leave free within `horizonMs`; the channels' rows are
 *   interleaved (first of each, second of each, …) up to `limit` in all;
 * - rows are locked `FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint rows and never
 *   wait for each other;
 * - a row whose publication was cancelled becomes `cancelled`, and one whose subscriber or
 *   channel subscription is no longer active (or whose channel was deactivated) becomes
 *   `skipped` with the reason: only the rest become `sending`, with `claimed_by`, a short claim
 *   lease (`leaseSeconds`, extended when the send starts) and `attempts + 1`, and come back
 *   with what rendering needs.
 */
export async function claimDeliveries(
  db: PrismaClient,
  options: {
    workerId: string;
    limit: number;
    leaseSeconds: number;
    budgets: readonly ChannelBudget[];
    horizonMs: number;
  },
): Promise<ClaimResult> {
  const budgets = options.budgets
    .filter((budget) => budget.max > 0)
    .map((budget) => ({
      channel_id: budget.channelId,
      max: Math.min(budget.max, options.limit),
      interval_ms: budget.intervalMs,
      burst: Math.max(1, Math.floor(budget.burst)),
    }));
  if (budgets.length === 0 || options.limit <= 0) return { sending: [], settledPublicationIds: [] };
  const rows = await db.$queryRaw<ClaimRow[]>`
    WITH budgets AS (
      SELECT r.channel_id,
             LEAST(r.max, GREATEST(0, floor(
               (extract(epoch FROM now() - GREATEST(COALESCE(slots.next_free_at, timestamptz '1970-01-01 00:00:00+00'),
                  now() - (r.burst - 1) * r.interval_ms * interval '1 millisecond')) * 1000
                + ${options.horizonMs}::float8) / r.interval_ms)::int + 1)) AS max
        FROM jsonb_to_recordset(${JSON.stringify(budgets)}::jsonb)
             AS r(channel_id uuid, max int, interval_ms float8, burst int)
        LEFT JOIN publishing_channel_send_slots slots ON slots.channel_id = r.channel_id
    ), due AS (
      SELECT d.id, d.publication_id, d.subscriber_id, d.channel_id, d.turn
        FROM budgets b
        CROSS JOIN LATERAL (
          SELECT id, publication_id, subscriber_id, channel_id,
                 row_number() OVER (ORDER BY retake DESC, due_at) AS turn
            FROM (
              SELECT * FROM (
                SELECT id, publication_id, subscriber_id, channel_id,
                       claim_expires_at AS due_at, true AS retake
                  FROM publishing_deliveries
                 WHERE channel_id = b.channel_id AND status = 'sending'
                   AND claim_expires_at < now()
                 LIMIT b.max
                   FOR UPDATE SKIP LOCKED) AS expired
              UNION ALL
              SELECT * FROM (
                SELECT id, publication_id, subscriber_id, channel_id,
                       next_attempt_at AS due_at, false AS retake
                  FROM publishing_deliveries
                 WHERE channel_id = b.channel_id AND status = 'pending'
                   AND next_attempt_at <= now()
                 ORDER BY next_attempt_at
                 LIMIT b.max
                   FOR UPDATE SKIP LOCKED) AS pending
            ) AS locked
        ) d
       WHERE b.max > 0 AND d.turn <= b.max
    ), chosen AS (
      SELECT id, publication_id, subscriber_id, channel_id FROM due
      ORDER BY turn
      LIMIT ${options.limit}
    ), picked AS (
      SELECT chosen.id, s.email, s.personalization_data,
             CASE
               WHEN p.status = 'cancelled' THEN 'cancelled'
               WHEN s.subscription_status <> 'active' THEN 'skipped:unsubscribed'
               WHEN sc.status IS DISTINCT FROM 'active' THEN 'skipped:channel_unsubscribed'
               WHEN NOT c.is_active THEN 'skipped:channel_inactive'
               ELSE 'sending'
             END AS verdict
        FROM chosen
        JOIN publishing_publications p ON p.id = chosen.publication_id
        JOIN publishing_subscribers s ON s.id = chosen.subscriber_id
        JOIN publishing_channels c ON c.id = chosen.channel_id
        LEFT JOIN publishing_subscriber_channels sc
          ON sc.subscriber_id = chosen.subscriber_id AND sc.channel_id = chosen.channel_id
    )
    UPDATE publishing_deliveries d
       SET status = split_part(picked.verdict, ':', 1)::delivery_status,
           failure_reason = CASE WHEN picked.verdict LIKE 'skipped:%'
                                 THEN split_part(picked.verdict, ':', 2) ELSE d.failure_reason END,
           attempts = d.attempts + CASE WHEN picked.verdict = 'sending' THEN 1 ELSE 0 END,
           claimed_by = CASE WHEN picked.verdict = 'sending' THEN ${options.workerId} END,
           claim_expires_at = CASE WHEN picked.verdict = 'sending'
                                   THEN now() + make_interval(secs => ${options.leaseSeconds}::int) END,
           updated_at = now()
      FROM picked
     WHERE d.id = picked.id
    RETURNING d.id::text AS id, d.publication_id::text AS publication_id,
              d.subscriber_id::text AS subscriber_id, d.channel_id::text AS channel_id,
              d.status::text AS status, d.attempts, picked.email::text AS email,
              picked.personalization_data`;
  const sending: ClaimedDelivery[] = [];
  const settled = new Set<string>();
  for (const row of rows) {
    if (row.status !== 'sending') {
      settled.add(row.publication_id);
      continue;
    }
    sending.push({
      id: row.id,
      publicationId: row.publication_id,
      subscriberId: row.subscriber_id,
      channelId: row.channel_id,
      attempts: row.attempts,
      email: row.email,
      personalizationData: row.personalization_data,
    });
  }
  return { sending, settledPublicationIds: [...settled] };
}
