import type { EngagementTimeline } from './engagement-timeline.service';

export function presentTimeline({ publicationId, range, rows }: EngagementTimeline) {
  return {
    publication_id: publicationId,
    bucket: range.bucket,
    since: range.since.toISOString(),
    until: range.until.toISOString(),
    points: rows.map((row) => ({
      at: row.at.toISOString(),
      opens: Number(row.opens),
      unique_opens: Number(row.unique_opens),
      clicks: Number(row.clicks),
      unique_clicks: Number(row.unique_clicks),
      unsubscribes: Number(row.unsubscribes),
    })),
  };
}
