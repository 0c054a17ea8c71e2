import type { ChannelType, Prisma, SubscriptionStatus } from '@publishing/db';
import { formatTimestamp } from '../common/format-timestamp';

/** What every subscriber query loads: the row and its subscriptions' channel ids. */
export const SUBSCRIBER_WITH_CHANNELS = {
  channels: {
    select: { channelId: true },
    orderBy: [{ createdAt: 'asc' }, { channelId: 'asc' }],
  },
} satisfies Prisma.SubscriberInclude;

export type SubscriberWithChannels = Prisma.SubscriberGetPayload<{
  include: typeof SUBSCRIBER_WITH_CHANNELS;
}>;

export const SUBSCRIPTION_WITH_CHANNEL = {
  channel: { select: { name: true, channelType: true, isActive: true } },
} satisfies Prisma.SubscriberChannelInclude;

export type SubscriptionWithChannel = Prisma.SubscriberChannelGetPayload<{
  include: typeof SUBSCRIPTION_WITH_CHANNEL;
}>;

export interface SubscriberResource {
  id: string;
  user_id: string | null;
  email: string;
  subscription_status: SubscriptionStatus;
  preferred_channels: string[];
  preferred_channel_types: ChannelType[];
  topic_interests: Prisma.JsonValue;
  frequency_settings: Prisma.JsonValue;
  personalization_data: Prisma.JsonValue;
  created_at: string | null;
  updated_at: string | null;
}

export interface SubscriptionResource {
  subscriber_id: string;
  channel_id: string;
  channel_name: string;
  channel_type: ChannelType;
  channel_is_active: boolean;
  status: SubscriptionStatus;
  created_at: string | null;
}

export function presentSubscriber(subscriber: SubscriberWithChannels): SubscriberResource {
  return {
    id: subscriber.id,
    user_id: subscriber.userId,
    email: subscriber.email,
    subscription_status: subscriber.subscriptionStatus,
    preferred_channels: subscriber.channels.map((subscription) => subscription.channelId),
    preferred_channel_types: subscriber.preferredChannelTypes,
    topic_interests: subscriber.topicInterests,
    frequency_settings: subscriber.frequencySettings,
    personalization_data: subscriber.personalizationData,
    created_at: formatTimestamp(subscriber.createdAt),
    updated_at: formatTimestamp(subscriber.updatedAt),
  };
}

export function presentSubscription(subscription: SubscriptionWithChannel): SubscriptionResource {
  return {
    subscriber_id: subscription.subscriberId,
    channel_id: subscription.channelId,
    channel_name: subscription.channel.name,
    channel_type: subscription.channel.channelType,
    channel_is_active: subscription.channel.isActive,
    status: subscription.status,
    created_at: formatTimestamp(subscription.createdAt),
  };
}
