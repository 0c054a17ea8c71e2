import { Injectable } from '@nestjs/common';
import { PrismaService } from '@publishing/db/nest';
import { type EngagementRangeQueryDto } from './dto/engagement-query.dto';
import { timeRange } from './time-range';
import { type ChannelPerformance, rate, recommend, type Recommendation } from './performance-rules';

/** The default window when `from` is not given. */
const DEFAULT_WINDOW_DAYS = 30;

interface ChannelPerformanceRow {
  channel_id: string;
  name: string;
  channel_type: string;
  is_active: boolean;
  sent: bigint;
  failed: bigint;
  unique_opens: bigint;
  unique_clicks: bigint;
  unsubscribes: bigint;
  bounces: bigint;
  complaints: bigint;
}

export interface PerformanceReport {
  window: { from: string; to: string };
  channels: (ChannelPerformance & {
    open_rate: number | null;
    click_to_open_rate: number | null;
  })[];
  recommendations: Recommendation[];
}

/** Per-channel delivery and engagement figures over a window, and what they suggest. */
@Injectable()
export class PerformanceService {
  constructor(private readonly prisma: PrismaService) {}

  async report(range: EngagementRangeQueryDto): Promise<PerformanceReport> {
    const parsed = timeRange(range);
    const to = parsed.to ?? new Date();
    const from = parsed.from ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 24 * 60 * 60 * 1000);
    const rows = await this.prisma.$queryRaw<ChannelPerformanceRow[]>`
      WITH events AS (
        SELECT channel_id,
               COUNT(DISTINCT COALESCE(subscriber_id, user_id)) FILTER (WHERE metric_type = 'open') AS unique_opens,
               COUNT(DISTINCT COALESCE(subscriber_id, user_id)) FILTER (WHERE metric_type = 'click') AS unique_clicks,
               COUNT(*) FILTER (WHERE metric_type = 'unsubscribe') AS unsubscribes,
               COUNT(*) FILTER (WHERE metric_type = 'bounce') AS bounces,
               COUNT(*) FILTER (WHERE metric_type = 'complaint') AS complaints
          FROM publishing_analytics
         WHERE channel_id IS NOT NULL AND recorded_at >= ${from} AND recorded_at < ${to}
         GROUP BY channel_id
      ), deliveries AS (
        SELECT channel_id,
               COUNT(*) FILTER (WHERE status = 'sent') AS sent,
               COUNT(*) FILTER (WHERE status = 'failed') AS failed
          FROM publishing_deliveries
         WHERE created_at >= ${from} AND created_at < ${to}
         GROUP BY channel_id
      )
      SELECT c.id::text AS channel_id, c.name, c.channel_type::text AS channel_type, c.is_active,
             COALESCE(d.sent, 0) AS sent, COALESCE(d.failed, 0) AS failed,
             COALESCE(e.unique_opens, 0) AS unique_opens, COALESCE(e.unique_clicks, 0) AS unique_clicks,
             COALESCE(e.unsubscribes, 0) AS unsubscribes, COALESCE(e.bounces, 0) AS bounces,
             COALESCE(e.complaints, 0) AS complaints
        FROM publishing_channels c
        LEFT JOIN events e ON e.channel_id = c.id
        LEFT JOIN deliveries d ON d.channel_id = c.id
       ORDER BY c.name`;
    const channels = rows.map((row): ChannelPerformance => ({
      channel_id: row.channel_id,
      name: row.name,
      channel_type: row.channel_type,
      is_active: row.is_active,
      sent: Number(row.sent),
      failed: Number(row.failed),
      unique_opens: Number(row.unique_opens),
      unique_clicks: Number(row.unique_clicks),
      unsubscribes: Number(row.unsubscribes),
      bounces: Number(row.bounces),
      complaints: Number(row.complaints),
    }));
    return {
      window: { from: from.toISOString(), to: to.toISOString() },
      channels: channels.map((channel) => ({
        ...channel,
        open_rate: rate(channel.unique_opens, channel.sent),
        click_to_open_rate: rate(channel.unique_clicks, channel.unique_opens),
      })),
      recommendations: recommend(channels),
    };
  }
}
