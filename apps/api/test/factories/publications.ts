import { randomUUID } from 'node:crypto';
import type {
  Channel,
  Prisma,
  PrismaClient,
  Publication,
  Subscriber,
  SubscriptionStatus,
} from '@publishing/db';

export function createChannel(
  db: PrismaClient,
  data: Partial<Prisma.ChannelUncheckedCreateInput> = {},
): Promise<Channel> {
  return db.channel.create({
    data: { name: `channel-${randomUUID()}`, channelType: 'email', ...data },
  });
}

/** A subscriber subscribed to the given channels (`status` of the subscription per channel). */
export function createSubscriber(
  db: PrismaClient,
  options: {
    status?: SubscriptionStatus;
    channels?: { channelId: string; status?: SubscriptionStatus }[];
  } = {},
): Promise<Subscriber> {
  return db.subscriber.create({
    data: {
      email: `reader-${randomUUID()}@example.com`,
      subscriptionStatus: options.status ?? 'active',
      channels: { create: options.channels ?? [] },
    },
  });
}

/** A publication row written directly, in any status (the API only creates scheduled ones). */
export function createPublication(
  db: PrismaClient,
  options: Partial<Prisma.PublicationUncheckedCreateInput> & { channelIds?: string[] } = {},
): Promise<Publication> {
  const { channelIds = [], ...data } = options;
  return db.publication.create({
    data: {
      publicationType: 'newsletter',
      scheduledTime: new Date(Date.now() + 3_600_000),
      ...data,
      channels: { create: channelIds.map((channelId) => ({ channelId })) },
    },
  });
}
