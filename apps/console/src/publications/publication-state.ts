import type { ChannelResult, Publication } from '../api/types';

const NO_RESULT: ChannelResult = {
  channel_type: '',
  total: 0,
  sent: 0,
  failed: 0,
  pending: 0,
  skipped: 0,
  cancelled: 0,
  status: 'scheduled',
};

/** The publication's counts for one of its channels (zeros before the worker fanned it out). */
export function channelResult(publication: Publication, channelId: string): ChannelResult {
  return publication.channel_results?.[channelId] ?? NO_RESULT;
}

/**
 * Whether a page should keep refreshing for this publication: it is delivering, or it is
 * scheduled and due within the next refresh (the worker is about to pick it up).
 */
export function isInFlight(publication: Publication, now: number, withinMs: number): boolean {
  if (publication.status === 'processing') return true;
  if (publication.status !== 'scheduled') return false;
  if (publication.scheduled_time === null) return true;
  return Date.parse(publication.scheduled_time) <= now + withinMs;
}

/** Past this, a page left open does not wait for a scheduled publication to start. */
export const LONGEST_WAIT_FOR_SCHEDULED_MS = 15 * 60 * 1000;

/**
 * When to read the publications again: every `intervalMs` while one is in flight; else once,
 * when the next scheduled one (within 15 minutes) becomes due; else never (null).
 */
export function nextRefreshIn(
  publications: Publication[],
  now: number,
  intervalMs: number,
): number | null {
  if (publications.some((publication) => isInFlight(publication, now, intervalMs))) {
    return intervalMs;
  }
  const waits = publications
    .filter((publication) => publication.status === 'scheduled' && publication.scheduled_time)
    .map((publication) => Date.parse(publication.scheduled_time ?? '') - now)
    .filter((wait) => wait <= LONGEST_WAIT_FOR_SCHEDULED_MS);
  return waits.length > 0 ? Math.min(...waits) : null;
}

export function canCancel(publication: Publication): boolean {
  return publication.status === 'scheduled' || publication.status === 'processing';
}

export function failedDeliveries(publication: Publication): number {
  return Object.values(publication.channel_results ?? {}).reduce(
    (sum, result) => sum + result.failed,
    0,
  );
}

/**
 * How "Retry failed" retries: the failed deliveries when there are any (they go back to pending
 * at once), else a failed publication as a whole (rescheduled by the API); null when neither applies.
 */
export function retryKind(publication: Publication): 'deliveries' | 'publication' | null {
  if (publication.status === 'cancelled') return null;
  if (failedDeliveries(publication) > 0) return 'deliveries';
  if (publication.status === 'failed') return 'publication';
  return null;
}

export function formatInstant(value: string | null): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}
