import { Injectable } from '@nestjs/common';
import { Prisma } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { anyFilter, boundedTotal } from '../common/pagination/bounded-total';
import { listOrder, readKeysetPage, type ListPage } from '../common/pagination/keyset-page';
import { containsText } from '../common/contains-filter';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import type { CreateSubscriberDto } from './dto/create-subscriber.dto';
import { splitPreferredChannels } from './dto/preferred-channels';
import type { ListSubscribersQueryDto } from './dto/list-subscribers-query.dto';
import type { UpdateSubscriberDto } from './dto/update-subscriber.dto';
import {
  SUBSCRIBER_WITH_CHANNELS,
  SUBSCRIPTION_WITH_CHANNEL,
  type SubscriberWithChannels,
  type SubscriptionWithChannel,
} from './subscribers.presenter';

/**
 * Subscribers and their channel subscriptions. A duplicate email (the column is citext, unique)
 * reaches the client as a 409 naming `email` through the Prisma error filter.
 */
@Injectable()
export class SubscribersService {
  constructor(private readonly db: PrismaService) {}

  async list(query: ListSubscribersQueryDto): Promise<ListPage<SubscriberWithChannels>> {
    const where: Prisma.SubscriberWhereInput = {
      subscriptionStatus: query.status,
      email: query.email ? containsText(query.email) : undefined,
      channels: query.channel_id ? { some: { channelId: query.channel_id } } : undefined,
    };
    const filtered = anyFilter(query.status, query.email, query.channel_id);
    const [page, total] = await Promise.all([
      readKeysetPage(query, 'desc', ({ bound, ...args }) =>
        this.db.subscriber.findMany({
          ...args,
          where: { AND: [where, bound] },
          include: SUBSCRIBER_WITH_CHANNELS,
        }),
      ),
      boundedTotal(this.db, 'publishing_subscribers', filtered, (take) =>
        this.db.subscriber.count({ where, take, orderBy: listOrder('desc') }),
      ),
    ]);
    return { ...page, total };
  }

  async get(id: string): Promise<SubscriberWithChannels> {
    const subscriber = await this.db.subscriber.findUnique({
      where: { id },
      include: SUBSCRIBER_WITH_CHANNELS,
    });
    if (!subscriber) throw new NotFoundError('Subscriber', id);
    return subscriber;
  }

  async create(input: CreateSubscriberDto): Promise<SubscriberWithChannels> {
    const preferred = splitPreferredChannels(input.preferred_channels);
    const channelIds = await this.existingChannels(preferred.ids, 'preferred_channels');
    const data = {
      email: input.email,
      userId: input.user_id ?? null,
      preferredChannelTypes: [...new Set([...input.preferred_channel_types, ...preferred.types])],
      topicInterests: input.topic_interests,
      frequencySettings: asJson(input.frequency_settings),
      personalizationData: asJson(input.personalization_data),
    } satisfies Prisma.SubscriberCreateInput;
    // Without subscriptions one INSERT … RETURNING is the whole write; a nested write or an
    // `include` makes Prisma wrap INSERT, re-SELECT and the relation's SELECT in a transaction.
    if (channelIds.length === 0) {
      return { ...(await this.db.subscriber.create({ data })), channels: [] };
    }
    return this.db.subscriber.create({
      data: {
        ...data,
        channels: { createMany: { data: channelIds.map((channelId) => ({ channelId })) } },
      },
      include: SUBSCRIBER_WITH_CHANNELS,
    });
  }

  async update(id: string, input: UpdateSubscriberDto): Promise<SubscriberWithChannels> {
    await this.get(id);
    const preferred = input.preferred_channels && splitPreferredChannels(input.preferred_channels);
    const onlyTypes =
      preferred !== undefined && preferred.ids.length === 0 && preferred.types.length > 0;
    const channelIds =
      preferred === undefined || onlyTypes
        ? undefined
        : await this.existingChannels(preferred.ids, 'preferred_channels');
    const types =
      input.preferred_channel_types === undefined && !preferred?.types.length
        ? undefined
        : [...new Set([...(input.preferred_channel_types ?? []), ...(preferred?.types ?? [])])];
    return this.db.subscriber.update({
      where: { id },
      data: {
        email: input.email,
        userId: input.user_id,
        subscriptionStatus: input.subscription_status,
        preferredChannelTypes: types,
        topicInterests: input.topic_interests,
        frequencySettings: input.frequency_settings && asJson(input.frequency_settings),
        personalizationData: input.personalization_data && asJson(input.personalization_data),
        // The list replaces the subscriptions; the ones kept keep their status and date.
        channels: channelIds && {
          deleteMany: { channelId: { notIn: channelIds } },
          createMany: {
            data: channelIds.map((channelId) => ({ channelId })),
            skipDuplicates: true,
          },
        },
      },
      include: SUBSCRIBER_WITH_CHANNELS,
    });
  }

  /**
   * Erasure: the subscriber, its subscriptions and deliveries go (foreign keys cascade); engagement
   * events stay for the aggregate counts, detached from the person (subscriber_id is set null by
   * the foreign key, user_id here).
   */
  async erase(id: string): Promise<void> {
    await this.get(id);
    await this.db.$transaction([
      this.db.analyticsEvent.updateMany({ where: { subscriberId: id }, data: { userId: null } }),
      this.db.subscriber.delete({ where: { id } }),
    ]);
  }

  /**
   * Idempotent. No analytics event is recorded: `publishing_analytics.publication_id` is required
   * and this route knows no publication. The one-click unsubscribe link in delivered messages,
   * which does, records the event; it comes with the delivery pipeline.
   */
  async unsubscribe(id: string): Promise<SubscriberWithChannels> {
    const subscriber = await this.get(id);
    if (subscriber.subscriptionStatus === 'unsubscribed') return subscriber;
    return this.db.subscriber.update({
      where: { id },
      data: { subscriptionStatus: 'unsubscribed' },
      include: SUBSCRIBER_WITH_CHANNELS,
    });
  }

  async subscriptions(id: string): Promise<SubscriptionWithChannel[]> {
    await this.get(id);
    return this.db.subscriberChannel.findMany({
      where: { subscriberId: id },
      include: SUBSCRIPTION_WITH_CHANNEL,
      orderBy: [{ createdAt: 'asc' }, { channelId: 'asc' }],
    });
  }

  async subscribe(id: string, channelId: string): Promise<SubscriptionWithChannel> {
    await this.get(id);
    await this.existingChannels([channelId], 'channel_id');
    const existing = await this.db.subscriberChannel.findUnique({
      where: { subscriberId_channelId: { subscriberId: id, channelId } },
    });
    if (existing) {
      throw new ConflictError(
        `Subscriber ${id} is already subscribed to channel ${channelId} (status ${existing.status}).`,
      );
    }
    return this.db.subscriberChannel.create({
      data: { subscriberId: id, channelId },
      include: SUBSCRIPTION_WITH_CHANNEL,
    });
  }

  async unsubscribeFromChannel(id: string, channelId: string): Promise<void> {
    await this.get(id);
    const { count } = await this.db.subscriberChannel.deleteMany({
      where: { subscriberId: id, channelId },
    });
    if (count === 0)
      throw new NotFoundError(`Subscription of subscriber ${id} to channel`, channelId);
  }

  /** The ids, without repeats, once every one of them is known to name a channel (else 422). */
  private async existingChannels(ids: string[], field: string): Promise<string[]> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    if (unique.length === 0) return unique;
    const found = await this.db.channel.findMany({
      where: { id: { in: unique } },
      select: { id: true },
    });
    const known = new Set(found.map((channel) => channel.id));
    const missing = unique.filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new UnprocessableError(`No channel has the id(s) ${missing.join(', ')}.`, [
        { field, message: `names channels that do not exist: ${missing.join(', ')}` },
      ]);
    }
    return unique;
  }
}

/** Bodies are parsed JSON, so their objects are JSON values. */
function asJson(value: Record<string, unknown>): Prisma.InputJsonObject {
  return value as Prisma.InputJsonObject;
}
