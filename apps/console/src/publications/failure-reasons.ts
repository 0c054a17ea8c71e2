import { listDeliveries } from '../api/deliveries';
import type { Delivery } from '../api/types';

export interface FailureReasons {
  reasons: { reason: string; count: number }[];
  /** Failed deliveries read; less than `failedTotal` when the read stopped at `maxPages`. */
  read: number;
  failedTotal: number;
}

const PAGE_SIZE = 100;

/**
 * Groups the failed deliveries of a publication by `failure_reason`, paging through them on the
 * server (the API has no aggregate for reasons); stops after `maxPages` pages.
 */
export async function loadFailureReasons(
  publicationId: string,
  failedTotal: number,
  signal?: AbortSignal,
  maxPages = 5,
): Promise<FailureReasons> {
  const failed: Delivery[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await listDeliveries(
      publicationId,
      { status: 'failed', limit: PAGE_SIZE, after },
      signal,
    );
    failed.push(...answer.deliveries);
    if (!answer.next_cursor) break;
    after = answer.next_cursor;
  }
  return { reasons: groupByReason(failed), read: failed.length, failedTotal };
}

export function groupByReason(deliveries: Pick<Delivery, 'failure_reason'>[]) {
  const counts = new Map<string, number>();
  for (const delivery of deliveries) {
    const reason = delivery.failure_reason ?? 'no reason recorded';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
