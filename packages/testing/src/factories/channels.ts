import type { Channel, Prisma, PrismaClient } from '@publishing/db';
import { uniqueName } from './unique';

/** A channel row: an active email channel with a unique name unless overridden. */
export function insertChannel(
  db: PrismaClient,
  overrides: Partial<Prisma.ChannelUncheckedCreateInput> = {},
): Promise<Channel> {
  return db.channel.create({
    data: { name: uniqueName('channel'), channelType: 'email', ...overrides },
  });
}
