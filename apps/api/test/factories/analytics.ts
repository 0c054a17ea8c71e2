import { randomBytes, randomUUID } from 'node:crypto';
import type {
  AnalyticsEvent,
  AnalyticsMetric,
  Channel,
  ChannelType,
  DeliveryStatus,
  Prisma,
  PrismaClient,
  Publication,
  Subscriber,
  SubscriptionStatus,
} from '@publishing/db';

/** Rows for analytics, dashboard and alert tests, written with Prisma directly (unique per call). */

let sequence = 0;
const unique = (label: string) => `${label}-${++sequence}-${randomBytes(4).toString('hex')}`;

export function insertChannel(
  db: PrismaClient,
  data: { channelType?: ChannelType; isActive?: boolean; name?: string } = {},
): Promise<Channel> {
  return db.channel.create({
    data: {
      name: data.name ?? unique('analytics channel'),
      channelType: data.channelType ?? 'email',
      isActive: data.isActive ?? true,
    },
  });
}

export function insertSubscriber(
  db: PrismaClient,
  data: { status?: SubscriptionStatus; userId?: string } = {},
): Promise<Subscriber> {
  return db.subscriber.create({
    data: {
      email: `${unique('reader')}@example.test`,
      subscriptionStatus: data.status ?? 'active',
      userId: data.userId,
    },
  });
}

/** Many subscribers at once (for rates that need a sample). */
export async function insertSubscribers(db: PrismaClient, count: number): Promise<Subscriber[]> {
  const emails = Array.from({ length: count }, () => `${unique('bulk')}@example.test`);
  await db.subscriber.createMany({ data: emails.map((email) => ({ email })) });
  return db.subscriber.findMany({ where: { email: { in: emails } } });
}

/** A publication on the given channels. */
export function insertPublication(
  db: PrismaClient,
  data: {
    channels?: Channel[];
    status?: Publication['status'];
    scheduledTime?: Date;
  } = {},
): Promise<Publication> {
  return db.publication.create({
    data: {
      publicationType: 'newsletter',
      status: data.status ?? 'completed',
      scheduledTime: data.scheduledTime ?? new Date(Date.now() - 60 * 60 * 1000),
      contentIds: [randomUUID()],
      channels: { create: (data.channels ?? []).map((channel) => ({ channelId: channel.id })) },
    },
  });
}

export interface EventInput {
  publication: Publication;
  metric: AnalyticsMetric;
  channel?: Channel;
  subscriber?: Subscriber;
  userId?: string;
  recordedAt?: Date;
}

export function insertEvents(db: PrismaClient, events: EventInput[]): Promise<AnalyticsEvent[]> {
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

export function insertDeliveries(
  db: PrismaClient,
  publication: Publication,
  channel: Channel,
  recipients: { subscriber: Subscriber; status: DeliveryStatus }[],
): Promise<Prisma.BatchPayload> {
  return db.delivery.createMany({
    data: recipients.map(({ subscriber, status }) => ({
      publicationId: publication.id,
      channelId: channel.id,
      subscriberId: subscriber.id,
      status,
    })),
  });
}
