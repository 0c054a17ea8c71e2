import type { Prisma, PrismaClient, Subscriber, SubscriptionStatus } from '@publishing/db';
import { uniqueEmail } from './unique';

export interface SubscriberOverrides extends Partial<
  Omit<Prisma.SubscriberUncheckedCreateInput, 'channels'>
> {
  /** Channels the subscriber is actively subscribed to. */
  channelIds?: string[];
  /** Channel subscriptions in a given status (paused, unsubscribed). */
  subscriptions?: { channelId: string; status: SubscriptionStatus }[];
}

/** A subscriber row: active, with a unique email unless overridden. */
export function insertSubscriber(
  db: PrismaClient,
  overrides: SubscriberOverrides = {},
): Promise<Subscriber> {
  const { channelIds = [], subscriptions = [], ...data } = overrides;
  return db.subscriber.create({
    data: {
      email: uniqueEmail(),
      ...data,
      channels: { create: [...channelIds.map((channelId) => ({ channelId })), ...subscriptions] },
    },
  });
}

/** `count` active subscribers at once (for rates that need a sample). */
export async function insertSubscribers(db: PrismaClient, count: number): Promise<Subscriber[]> {
  const emails = Array.from({ length: count }, () => uniqueEmail('bulk'));
  await db.subscriber.createMany({ data: emails.map((email) => ({ email })) });
  return db.subscriber.findMany({ where: { email: { in: emails } } });
}
