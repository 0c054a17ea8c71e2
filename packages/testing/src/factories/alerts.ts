import { randomUUID } from 'node:crypto';
import type { Alert, Prisma, PrismaClient } from '@publishing/db';

/** An alert row on `targetChannels`, in any status (queued unless overridden), for new content. */
export function insertAlert(
  db: PrismaClient,
  overrides: Partial<Prisma.AlertUncheckedCreateInput> &
    Pick<Prisma.AlertUncheckedCreateInput, 'targetChannels'>,
): Promise<Alert> {
  return db.alert.create({ data: { contentId: randomUUID(), ...overrides } });
}
