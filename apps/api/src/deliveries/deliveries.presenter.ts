import type { Delivery } from '@publishing/db';
import { formatTimestamp } from '../common/format-timestamp';
import type { FailureReasonGroup } from './deliveries.service';

/** One recipient × channel of a publication: the per-recipient ledger ("who did not get it?"). */
export function presentDelivery(delivery: Delivery) {
  return {
    id: delivery.id,
    publication_id: delivery.publicationId,
    subscriber_id: delivery.subscriberId,
    channel_id: delivery.channelId,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: formatTimestamp(delivery.nextAttemptAt),
    failure_reason: delivery.failureReason,
    last_error: delivery.lastError,
    provider_message_id: delivery.providerMessageId,
    sent_at: formatTimestamp(delivery.sentAt),
    created_at: formatTimestamp(delivery.createdAt),
    updated_at: formatTimestamp(delivery.updatedAt),
  };
}

export function presentFailureReasons({
  reasons,
  more,
}: {
  reasons: FailureReasonGroup[];
  more: boolean;
}) {
  return {
    reasons: reasons.map((reason) => ({
      failure_reason: reason.failureReason,
      count: reason.count,
      example_error: reason.exampleError,
    })),
    more_reasons: more,
  };
}
