import { Injectable } from '@nestjs/common';
import type { Delivery, DeliveryStatus } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';

@Injectable()
export class DeliveriesService {
  constructor(private readonly db: PrismaService) {}

  async list(
    publicationId: string,
    filter: { status?: DeliveryStatus; limit: number; offset: number },
  ): Promise<{ rows: Delivery[]; total: number; counts: Record<string, number> }> {
    await this.requirePublication(publicationId);
    const where = { publicationId, ...(filter.status ? { status: filter.status } : {}) };
    const [rows, total, grouped] = await this.db.$transaction([
      this.db.delivery.findMany({
        where,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: filter.limit,
        skip: filter.offset,
      }),
      this.db.delivery.count({ where }),
      this.db.delivery.groupBy({
        by: ['status'],
        where: { publicationId },
        _count: { _all: true },
        orderBy: { status: 'asc' },
      }),
    ]);
    const counts = Object.fromEntries(grouped.map((group) => [group.status, group._count._all]));
    return { rows, total, counts };
  }

  /**
   * Puts the failed deliveries (only those) back in the queue, due now, and the publication back
   * to processing so the worker finishes it. Sent deliveries are never sent twice.
   */
  async retryFailed(publicationId: string): Promise<{ retried: number }> {
    return this.db.$transaction(async (tx) => {
      const publication = await tx.publication.findUnique({
        where: { id: publicationId },
        select: { status: true },
      });
      if (!publication) throw new NotFoundError('Publication', publicationId);
      if (publication.status === 'cancelled') {
        throw new ConflictError(
          `Publication ${publicationId} is cancelled; its deliveries cannot be retried.`,
        );
      }
      const { count } = await tx.delivery.updateMany({
        where: { publicationId, status: 'failed' },
        data: {
          status: 'pending',
          nextAttemptAt: new Date(),
          failureReason: null,
          claimedBy: null,
          claimExpiresAt: null,
        },
      });
      if (count > 0 && publication.status !== 'processing') {
        await tx.publication.update({
          where: { id: publicationId },
          data: { status: 'processing' },
        });
      }
      return { retried: count };
    });
  }

  private async requirePublication(id: string): Promise<void> {
    const found = await this.db.publication.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw new NotFoundError('Publication', id);
  }
}
