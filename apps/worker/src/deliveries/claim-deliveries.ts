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

/**
 * Claims up to `limit` due deliveries in one statement:
 * - due = `pending` with `next_attempt_at <= now()`, or `sending` whose lease expired (its worker
 *   died: the delivery is retaken, so a `kill -9` loses nothing);
 * - rows are locked `FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint rows and never
 *   wait for each other;
 * - a row whose publication was cancelled becomes `cancelled`, and one whose subscriber or
 *   channel subscription is no longer active (or whose channel was deactivated) becomes
 *   `skipped` with the reason: only the rest become `sending`, with `claimed_by`, a lease and
 *   `attempts + 1`, and come back with what rendering needs.
 */
export async function claimDeliveries(
  db: PrismaClient,
  options: { workerId: string; limit: number; leaseSeconds: number },
): Promise<ClaimResult> {
  const rows = await db.$queryRaw<ClaimRow[]>`
    WITH expired AS (
      SELECT id, publication_id, subscriber_id, channel_id FROM publishing_deliveries
       WHERE status = 'sending' AND claim_expires_at < now()
       LIMIT ${options.limit}
         FOR UPDATE SKIP LOCKED
    ), due AS (
      SELECT id, publication_id, subscriber_id, channel_id FROM publishing_deliveries
       WHERE status = 'pending' AND next_attempt_at <= now()
       ORDER BY next_attempt_at
       LIMIT ${options.limit}
         FOR UPDATE SKIP LOCKED
    ), chosen AS (
      SELECT * FROM expired UNION ALL SELECT * FROM due LIMIT ${options.limit}
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
