import type { Prisma, PrismaClient } from '@publishing/db';

export type Queryable = PrismaClient | Prisma.TransactionClient;

/**
 * Creates one pending delivery per subscriber × channel of a publication, in one set-based
 * statement. The audience of a channel: subscribers whose `subscription_status` is `active` and
 * whose `publishing_subscriber_channels` row for that channel is `active`, on channels that are
 * active and pushed to (not `rss`, which is a feed). `preferred_channel_types` does not add
 * anyone: it names no channel, and consent is given per channel. The unique key
 * (publication, subscriber, channel) makes a re-run add nothing. Returns the rows inserted.
 */
export function fanOutPublication(db: Queryable, publicationId: string): Promise<number> {
  return db.$executeRaw`
    INSERT INTO publishing_deliveries (publication_id, subscriber_id, channel_id)
    SELECT pc.publication_id, sc.subscriber_id, pc.channel_id
      FROM publishing_publication_channels pc
      JOIN publishing_channels c
        ON c.id = pc.channel_id AND c.is_active AND c.channel_type <> 'rss'
      JOIN publishing_subscriber_channels sc
        ON sc.channel_id = pc.channel_id AND sc.status = 'active'
      JOIN publishing_subscribers s
        ON s.id = sc.subscriber_id AND s.subscription_status = 'active'
     WHERE pc.publication_id = ${publicationId}::uuid
    ON CONFLICT (publication_id, subscriber_id, channel_id) DO NOTHING`;
}
