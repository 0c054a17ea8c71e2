import type { Prisma, PrismaClient, Publication } from '@publishing/db';

export interface PublicationOverrides extends Partial<
  Omit<Prisma.PublicationUncheckedCreateInput, 'channels'>
> {
  channelIds?: string[];
}

/**
 * A publication row in any status (the API only creates scheduled ones): a scheduled newsletter
 * due now unless overridden.
 */
export function insertPublication(
  db: PrismaClient,
  overrides: PublicationOverrides = {},
): Promise<Publication> {
  const { channelIds = [], ...data } = overrides;
  return db.publication.create({
    data: {
      publicationType: 'newsletter',
      scheduledTime: new Date(),
      ...data,
      channels: { create: channelIds.map((channelId, position) => ({ channelId, position })) },
    },
  });
}
