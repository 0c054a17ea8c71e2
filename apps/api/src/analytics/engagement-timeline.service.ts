import { Injectable } from '@nestjs/common';
import { PrismaService } from '@publishing/db/nest';
import { NotFoundError } from '../common/errors/domain-errors';
import { type EngagementTimelineQueryDto } from './dto/engagement-timeline-query.dto';
import { bucketStart, timelineRange, type TimelineRange } from './timeline-range';

/** One bucket's counts, as PostgreSQL returns them (`count` is a bigint). */
export interface TimelineRow {
  at: Date;
  opens: bigint;
  unique_opens: bigint;
  clicks: bigint;
  unique_clicks: bigint;
  unsubscribes: bigint;
}

export interface EngagementTimeline {
  publicationId: string;
  range: TimelineRange;
  rows: TimelineRow[];
}

/**
 * A publication's events per UTC hour or day, every bucket of the range present (zeros where
 * nothing happened), computed by PostgreSQL from `publishing_analytics` through its
 * publication_id index. Unique counts are per bucket and count people as EngagementService does:
 * the subscriber, or the legacy `user_id` for events that name no subscriber.
 */
@Injectable()
export class EngagementTimelineService {
  constructor(private readonly prisma: PrismaService) {}

  async forPublication(
    publicationId: string,
    query: EngagementTimelineQueryDto,
  ): Promise<EngagementTimeline> {
    const id = publicationId.toLowerCase();
    const publication = await this.prisma.publication.findUnique({
      where: { id },
      select: { createdAt: true },
    });
    if (!publication) throw new NotFoundError('Publication', publicationId);
    const range = timelineRange(query, publication.createdAt);
    const first = bucketStart(range.since, range.bucket);
    const hoursPerBucket = range.bucket === 'day' ? 24 : 1;
    // Bucket starts are whole UTC hours or days: counted on UTC wall-clock time and stepped in
    // hours, so the session's time zone and its daylight-saving changes play no part. An integer
    // series lets the planner know how many buckets there are.
    const rows = await this.prisma.$queryRaw<TimelineRow[]>`
      WITH buckets AS (
        SELECT i, ${first}::timestamptz + make_interval(hours => i * ${hoursPerBucket}::int) AS at
          FROM generate_series(0, ${range.buckets}::int - 1) AS i
      ),
      counted AS (
        SELECT date_trunc(${range.bucket}, recorded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS at,
               COUNT(*) FILTER (WHERE metric_type = 'open') AS opens,
               COUNT(DISTINCT COALESCE(subscriber_id, user_id)) FILTER (WHERE metric_type = 'open')
                 AS unique_opens,
               COUNT(*) FILTER (WHERE metric_type = 'click') AS clicks,
               COUNT(DISTINCT COALESCE(subscriber_id, user_id)) FILTER (WHERE metric_type = 'click')
                 AS unique_clicks,
               COUNT(*) FILTER (WHERE metric_type = 'unsubscribe') AS unsubscribes
          FROM publishing_analytics
         WHERE publication_id = ${id}::uuid
           AND recorded_at >= ${range.since}::timestamptz
           AND recorded_at < ${range.until}::timestamptz
         GROUP BY 1
      )
      SELECT buckets.at,
             COALESCE(counted.opens, 0) AS opens,
             COALESCE(counted.unique_opens, 0) AS unique_opens,
             COALESCE(counted.clicks, 0) AS clicks,
             COALESCE(counted.unique_clicks, 0) AS unique_clicks,
             COALESCE(counted.unsubscribes, 0) AS unsubscribes
        FROM buckets
        LEFT JOIN counted ON counted.at = buckets.at
       ORDER BY buckets.i`;
    return { publicationId: id, range, rows };
  }
}
