import { Injectable } from '@nestjs/common';
import { Prisma } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { NotFoundError } from '../common/errors/domain-errors';
import { type EngagementQueryDto, type EngagementRangeQueryDto } from './dto/engagement-query.dto';
import { timeRange } from './time-range';

/** Counts of one group of events, as PostgreSQL returns them (`count` is a bigint). */
export interface MetricCountsRow {
  open: bigint;
  click: bigint;
  unsubscribe: bigint;
  bounce: bigint;
  complaint: bigint;
  unique_opens: bigint;
  unique_clicks: bigint;
  last_event_at: Date | null;
}

export interface SummaryRow extends MetricCountsRow {
  /** 0 when the row is grouped by publication (GROUPING() of the column). */
  grouped_by_publication: number;
  grouped_by_channel: number;
  publication_id: string | null;
  channel_id: string | null;
}

export interface ChannelEngagementRow extends MetricCountsRow {
  publication_ids: string[];
}

export interface PublicationEngagementRow extends MetricCountsRow {
  channel_ids: string[];
}

export interface EngagementFilter {
  channelId?: string;
  publicationId?: string;
  from?: Date;
  to?: Date;
}

/**
 * Totals per metric and unique openers/clickers. A person is the subscriber, or the legacy
 * `user_id` for events that name no subscriber; events naming neither count in the totals only.
 */
const METRIC_COLUMNS = Prisma.sql`
  COUNT(*) FILTER (WHERE metric_type = 'open') AS "open",
  COUNT(*) FILTER (WHERE metric_type = 'click') AS "click",
  COUNT(*) FILTER (WHERE metric_type = 'unsubscribe') AS "unsubscribe",
  COUNT(*) FILTER (WHERE metric_type = 'bounce') AS "bounce",
  COUNT(*) FILTER (WHERE metric_type = 'complaint') AS "complaint",
  COUNT(DISTINCT COALESCE(subscriber_id, user_id)) FILTER (WHERE metric_type = 'open') AS unique_opens,
  COUNT(DISTINCT COALESCE(subscriber_id, user_id)) FILTER (WHERE metric_type = 'click') AS unique_clicks,
  MAX(recorded_at) AS last_event_at`;

/** Engagement aggregates, computed by PostgreSQL from `publishing_analytics`. */
@Injectable()
export class EngagementService {
  constructor(private readonly prisma: PrismaService) {}

  /** One row for all events, one per publication and one per channel (GROUPING SETS). */
  async summary(
    query: EngagementQueryDto,
  ): Promise<{ filter: EngagementFilter; rows: SummaryRow[] }> {
    const filter: EngagementFilter = {
      ...timeRange(query),
      channelId: query.channel_id?.toLowerCase(),
      publicationId: query.publication_id?.toLowerCase(),
    };
    const rows = await this.prisma.$queryRaw<SummaryRow[]>`
      SELECT GROUPING(publication_id) AS grouped_by_publication,
             GROUPING(channel_id) AS grouped_by_channel,
             publication_id::text AS publication_id,
             channel_id::text AS channel_id,
             ${METRIC_COLUMNS}
        FROM publishing_analytics
       WHERE ${whereClause(filter)}
       GROUP BY GROUPING SETS ((), (publication_id), (channel_id))
       ORDER BY last_event_at DESC NULLS LAST`;
    return { filter, rows };
  }

  /**
   * Zeros, not a 404, for a channel without events, known or not: the old service answered so,
   * and events outlive a deleted channel.
   */
  async forChannel(
    channelId: string,
    range: EngagementRangeQueryDto,
  ): Promise<ChannelEngagementRow> {
    const filter: EngagementFilter = { ...timeRange(range), channelId: channelId.toLowerCase() };
    const rows = await this.prisma.$queryRaw<ChannelEngagementRow[]>`
        SELECT ${METRIC_COLUMNS},
               COALESCE(array_agg(DISTINCT publication_id::text), '{}') AS publication_ids
          FROM publishing_analytics
         WHERE ${whereClause(filter)}`;
    return rows[0] as ChannelEngagementRow;
  }

  async forPublication(
    publicationId: string,
    range: EngagementRangeQueryDto,
  ): Promise<PublicationEngagementRow> {
    const id = publicationId.toLowerCase();
    const filter: EngagementFilter = { ...timeRange(range), publicationId: id };
    const [publication, rows] = await Promise.all([
      this.prisma.publication.findUnique({ where: { id }, select: { id: true } }),
      this.prisma.$queryRaw<PublicationEngagementRow[]>`
        SELECT ${METRIC_COLUMNS},
               COALESCE(array_agg(DISTINCT channel_id::text) FILTER (WHERE channel_id IS NOT NULL), '{}')
                 AS channel_ids
          FROM publishing_analytics
         WHERE ${whereClause(filter)}`,
    ]);
    if (!publication) throw new NotFoundError('Publication', publicationId);
    return rows[0] as PublicationEngagementRow;
  }
}

/** Every value is a bound parameter; only fixed SQL text is composed. */
function whereClause(filter: EngagementFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.channelId) conditions.push(Prisma.sql`channel_id = ${filter.channelId}::uuid`);
  if (filter.publicationId)
    conditions.push(Prisma.sql`publication_id = ${filter.publicationId}::uuid`);
  if (filter.from) conditions.push(Prisma.sql`recorded_at >= ${filter.from}`);
  if (filter.to) conditions.push(Prisma.sql`recorded_at < ${filter.to}`);
  return Prisma.join(conditions, ' AND ');
}
