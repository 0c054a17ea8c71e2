import type { PrismaClient } from '@publishing/db';

export interface RefreshedPublication {
  id: string;
  status: string;
}

/**
 * Derives the status and `channel_results` of publications from their deliveries.
 *
 * `channel_results` maps each channel id of the publication to
 * `{channel_type, total, sent, failed, pending, skipped, cancelled, status}` (`pending` counts
 * `pending` and `sending`; the channel's `status` is `processing`, `cancelled`, `completed` (some
 * sent), `no_audience` or `failed`, in that order). A `processing` publication becomes:
 * - `processing` while any delivery is pending or sending;
 * - `completed` once none is, if at least one was sent;
 * - `failed` once none is and none was sent (all failed or skipped, or no audience at all),
 *   with `error_details` saying which.
 * A `cancelled` publication stays cancelled; only its counts are refreshed. Publications in
 * other states are left alone.
 *
 * The publication rows are locked first (in id order, so two workers cannot deadlock), then
 * counted: a count that starts after the lock sees every outcome committed before it, so the last
 * refresh of a publication always writes the final numbers.
 */
export async function refreshPublications(
  db: PrismaClient,
  publicationIds: readonly string[],
): Promise<RefreshedPublication[]> {
  if (publicationIds.length === 0) return [];
  const ids = [...new Set(publicationIds)];
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM publishing_publications
       WHERE id = ANY(${ids}::uuid[]) AND status IN ('processing', 'cancelled')
       ORDER BY id
         FOR UPDATE`;
    if (locked.length === 0) return [];
    const lockedIds = locked.map((row) => row.id);
    return tx.$queryRaw<RefreshedPublication[]>`
      WITH counts AS (
        SELECT publication_id, channel_id,
               count(*)::int AS total,
               (count(*) FILTER (WHERE status = 'sent'))::int AS sent,
               (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
               (count(*) FILTER (WHERE status IN ('pending', 'sending')))::int AS pending,
               (count(*) FILTER (WHERE status = 'skipped'))::int AS skipped,
               (count(*) FILTER (WHERE status = 'cancelled'))::int AS cancelled
          FROM publishing_deliveries
         WHERE publication_id = ANY(${lockedIds}::uuid[])
         GROUP BY publication_id, channel_id
      ), per_channel AS (
        SELECT pc.publication_id, pc.channel_id, c.channel_type::text AS channel_type,
               COALESCE(k.total, 0) AS total, COALESCE(k.sent, 0) AS sent,
               COALESCE(k.failed, 0) AS failed, COALESCE(k.pending, 0) AS pending,
               COALESCE(k.skipped, 0) AS skipped, COALESCE(k.cancelled, 0) AS cancelled
          FROM publishing_publication_channels pc
          JOIN publishing_channels c ON c.id = pc.channel_id
          LEFT JOIN counts k ON k.publication_id = pc.publication_id AND k.channel_id = pc.channel_id
         WHERE pc.publication_id = ANY(${lockedIds}::uuid[])
      ), totals AS (
        SELECT p.id AS publication_id,
               COALESCE(jsonb_object_agg(pcs.channel_id::text, jsonb_build_object(
                 'channel_type', pcs.channel_type,
                 'total', pcs.total, 'sent', pcs.sent, 'failed', pcs.failed,
                 'pending', pcs.pending, 'skipped', pcs.skipped, 'cancelled', pcs.cancelled,
                 'status', CASE
                   WHEN pcs.pending > 0 THEN 'processing'
                   WHEN pcs.cancelled > 0 THEN 'cancelled'
                   WHEN pcs.sent > 0 THEN 'completed'
                   WHEN pcs.total = 0 THEN 'no_audience'
                   ELSE 'failed' END
               )) FILTER (WHERE pcs.channel_id IS NOT NULL), '{}'::jsonb) AS results,
               COALESCE(sum(pcs.total), 0) AS total, COALESCE(sum(pcs.sent), 0) AS sent,
               COALESCE(sum(pcs.failed), 0) AS failed, COALESCE(sum(pcs.pending), 0) AS pending,
               COALESCE(sum(pcs.skipped), 0) AS skipped, COALESCE(sum(pcs.cancelled), 0) AS cancelled
          FROM publishing_publications p
          LEFT JOIN per_channel pcs ON pcs.publication_id = p.id
         WHERE p.id = ANY(${lockedIds}::uuid[])
         GROUP BY p.id
      )
      UPDATE publishing_publications p
         SET channel_results = t.results,
             status = (CASE
               WHEN p.status = 'cancelled' THEN 'cancelled'
               WHEN t.pending > 0 THEN 'processing'
               WHEN t.sent > 0 THEN 'completed'
               ELSE 'failed' END)::publication_status,
             error_details = CASE
               WHEN p.status = 'processing' AND t.pending = 0 AND t.sent = 0 THEN
                 CASE WHEN t.total = 0
                   THEN 'no_audience: no active subscriber with an active subscription to an active channel of this publication'
                   ELSE format('no delivery succeeded: %s failed, %s skipped, %s cancelled', t.failed, t.skipped, t.cancelled)
                 END
               ELSE p.error_details END,
             updated_at = now()
        FROM totals t
       WHERE p.id = t.publication_id
      RETURNING p.id::text AS id, p.status::text AS status`;
  });
}

/** Ids of the publications currently being sent. */
export async function processingPublicationIds(db: PrismaClient): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM publishing_publications WHERE status = 'processing'`;
  return rows.map((row) => row.id);
}

/** Which of these publications were cancelled. */
export async function cancelledAmong(
  db: PrismaClient,
  publicationIds: readonly string[],
): Promise<string[]> {
  if (publicationIds.length === 0) return [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM publishing_publications
     WHERE id = ANY(${[...publicationIds]}::uuid[]) AND status = 'cancelled'`;
  return rows.map((row) => row.id);
}

/**
 * Marks the pending deliveries of a cancelled publication cancelled at once (those in flight
 * elsewhere finish or are settled when their claim is next taken). Returns how many.
 */
export function cancelPendingDeliveries(db: PrismaClient, publicationId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE publishing_deliveries d
       SET status = 'cancelled', updated_at = now()
      FROM publishing_publications p
     WHERE p.id = ${publicationId}::uuid AND p.status = 'cancelled'
       AND d.publication_id = p.id AND d.status = 'pending'`;
}
