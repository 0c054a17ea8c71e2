import { Injectable } from '@nestjs/common';
import type { Delivery, DeliveryStatus } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { boundedTotal } from '../common/pagination/bounded-total';
import {
  listOrder,
  readKeysetPage,
  type ListPage,
  type PageRequest,
} from '../common/pagination/keyset-page';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';

/** At most this many reasons are answered, the most frequent first. */
export const FAILURE_REASONS_LIMIT = 50;

export interface FailureReasonGroup {
  failureReason: string | null;
  count: number;
  exampleError: string | null;
}

@Injectable()
export class DeliveriesService {
  constructor(private readonly db: PrismaService) {}

  async list(
    publicationId: string,
    filter: PageRequest & { status?: DeliveryStatus },
  ): Promise<ListPage<Delivery> & { counts: Record<string, number> }> {
    await this.requirePublication(publicationId);
    const where = { publicationId, ...(filter.status ? { status: filter.status } : {}) };
    // Always filtered (by publication): past the cap the total says "more than 10,000", and
    // counts_by_status (one index-only pass over the publication's deliveries) has the exact split.
    const [page, total, grouped] = await Promise.all([
      readKeysetPage(filter, 'asc', ({ bound, ...args }) =>
        this.db.delivery.findMany({ ...args, where: { AND: [where, bound] } }),
      ),
      boundedTotal(this.db, 'publishing_deliveries', true, (take) =>
        this.db.delivery.count({ where, take, orderBy: listOrder('asc') }),
      ),
      this.db.delivery.groupBy({
        by: ['status'],
        where: { publicationId },
        _count: { _all: true },
        orderBy: { status: 'asc' },
      }),
    ]);
    const counts = Object.fromEntries(grouped.map((group) => [group.status, group._count._all]));
    return { ...page, total, counts };
  }

  /**
   * The failed deliveries grouped by reason (one GROUP BY through the (publication_id, status, …)
   * index: one pass over the publication's failed deliveries, whatever the size of the table).
   */
  async failureReasons(
    publicationId: string,
  ): Promise<{ reasons: FailureReasonGroup[]; more: boolean }> {
    await this.requirePublication(publicationId);
    const groups = await this.db.delivery.groupBy({
      by: ['failureReason'],
      where: { publicationId, status: 'failed' },
      _count: { _all: true },
      _min: { lastError: true },
      orderBy: [{ _count: { id: 'desc' } }, { failureReason: { sort: 'asc', nulls: 'last' } }],
      take: FAILURE_REASONS_LIMIT + 1,
    });
    return {
      reasons: groups.slice(0, FAILURE_REASONS_LIMIT).map((group) => ({
        failureReason: group.failureReason,
        count: group._count._all,
        exampleError: group._min.lastError,
      })),
      more: groups.length > FAILURE_REASONS_LIMIT,
    };
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
