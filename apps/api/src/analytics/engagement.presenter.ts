import {
  type ChannelEngagementRow,
  type EngagementFilter,
  type MetricCountsRow,
  type PublicationEngagementRow,
  type SummaryRow,
} from './engagement.service';
import { formatTimestamp } from '../common/format-timestamp';

export interface MetricCounts {
  open: number;
  click: number;
  unsubscribe: number;
  bounce: number;
  complaint: number;
  unique_opens: number;
  unique_clicks: number;
  last_event_at: string | null;
}

export interface EngagementSummary {
  filters: {
    channel_id: string | null;
    publication_id: string | null;
    from: string | null;
    to: string | null;
  };
  totals: MetricCounts;
  by_publication: (MetricCounts & { publication_id: string })[];
  /** `channel_id` null: events that name no channel. */
  by_channel: (MetricCounts & { channel_id: string | null })[];
}

export function presentCounts(row: MetricCountsRow | undefined): MetricCounts {
  return {
    open: Number(row?.open ?? 0),
    click: Number(row?.click ?? 0),
    unsubscribe: Number(row?.unsubscribe ?? 0),
    bounce: Number(row?.bounce ?? 0),
    complaint: Number(row?.complaint ?? 0),
    unique_opens: Number(row?.unique_opens ?? 0),
    unique_clicks: Number(row?.unique_clicks ?? 0),
    last_event_at: formatTimestamp(row?.last_event_at),
  };
}

export function presentSummary(filter: EngagementFilter, rows: SummaryRow[]): EngagementSummary {
  const overall = rows.find((row) => row.grouped_by_publication && row.grouped_by_channel);
  return {
    filters: {
      channel_id: filter.channelId ?? null,
      publication_id: filter.publicationId ?? null,
      from: formatTimestamp(filter.from),
      to: formatTimestamp(filter.to),
    },
    totals: presentCounts(overall),
    by_publication: rows
      .filter((row) => !row.grouped_by_publication)
      .map((row) => ({ publication_id: row.publication_id as string, ...presentCounts(row) })),
    by_channel: rows
      .filter((row) => !row.grouped_by_channel)
      .map((row) => ({ channel_id: row.channel_id, ...presentCounts(row) })),
  };
}

export function presentChannelEngagement(channelId: string, row: ChannelEngagementRow) {
  const ids = [...row.publication_ids].sort();
  return {
    channel_id: channelId.toLowerCase(),
    ...presentCounts(row),
    publication_count: ids.length,
    publication_ids: ids,
  };
}

export function presentPublicationEngagement(publicationId: string, row: PublicationEngagementRow) {
  const ids = [...row.channel_ids].sort();
  return {
    publication_id: publicationId.toLowerCase(),
    ...presentCounts(row),
    channel_count: ids.length,
    channel_ids: ids,
  };
}
