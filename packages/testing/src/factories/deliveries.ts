import type {
  Channel,
  DeliveryStatus,
  Prisma,
  PrismaClient,
  Publication,
  Subscriber,
} from '@publishing/db';

/** One delivery row per recipient of `publication` on `channel`, in the status given. */
export function insertDeliveries(
  db: PrismaClient,
  publication: Pick<Publication, 'id'>,
  channel: Pick<Channel, 'id'>,
  recipients: { subscriber: Pick<Subscriber, 'id'>; status: DeliveryStatus }[],
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
