import type {
  AnalyticsEvent,
  AnalyticsMetric,
  Channel,
  Prisma,
  PrismaClient,
  Publication,
  Subscriber,
} from '@publishing/db';

export interface AnalyticsEventSeed {
  publication: Publication;
  metric: AnalyticsMetric;
  channel?: Channel;
  subscriber?: Subscriber;
  userId?: string;
  recordedAt?: Date;
}

/** Analytics event rows, one per seed, each counting 1 (`channel_type` from the channel). */
export function insertAnalyticsEvents(
  db: PrismaClient,
  events: AnalyticsEventSeed[],
): Promise<AnalyticsEvent[]> {
  return db.analyticsEvent.createManyAndReturn({
    data: events.map((event): Prisma.AnalyticsEventCreateManyInput => ({
      publicationId: event.publication.id,
      channelId: event.channel?.id ?? null,
      channelType: event.channel?.channelType ?? 'unknown',
      subscriberId: event.subscriber?.id ?? null,
      userId: event.userId ?? null,
      metricType: event.metric,
      metricValue: 1,
      recordedAt: event.recordedAt,
    })),
  });
}
