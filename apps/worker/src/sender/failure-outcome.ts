import { asDeliveryError } from '@publishing/channels';
import { retryDelayMs } from '../deliveries/backoff';
import type { ClaimedDelivery } from '../deliveries/claim-deliveries';
import type { DeliveryOutcome } from '../deliveries/record-outcomes';

export interface RetryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  random: () => number;
}

/**
 * The outcome of a send that threw: `failed` when the error is permanent or the delivery used its
 * last attempt (`WORKER_MAX_ATTEMPTS`), else `retry` after a full-jitter backoff (never sooner than
 * the receiver's `Retry-After`).
 */
export function failureOutcome(
  delivery: ClaimedDelivery,
  caught: unknown,
  policy: RetryPolicy,
): Extract<DeliveryOutcome, { kind: 'failed' | 'retry' }> {
  const base = { id: delivery.id, publicationId: delivery.publicationId };
  const error = asDeliveryError(caught);
  if (error.kind === 'permanent' || delivery.attempts >= policy.maxAttempts) {
    const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`;
    const message =
      error.kind === 'transient'
        ? `gave up after ${attempts} (WORKER_MAX_ATTEMPTS): ${error.message}`
        : error.message;
    return { ...base, kind: 'failed', reason: error.reason, error: message };
  }
  const delayMs = retryDelayMs(
    { baseMs: policy.retryBaseMs, maxMs: policy.retryMaxMs },
    delivery.attempts,
    error.retryAfterMs,
    policy.random,
  );
  return { ...base, kind: 'retry', reason: error.reason, error: error.message, delayMs };
}
