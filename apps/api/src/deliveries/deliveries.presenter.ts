import type { Delivery } from '@publishing/db';

/** One recipient × channel of a publication: the per-recipient ledger ("who did not get it?"). */
export function presentDelivery(delivery: Delivery) {
  return {
    id: delivery.id,
    publication_id: delivery.publicationId,
    subscriber_id: delivery.subscriberId,
    channel_id: delivery.channelId,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: delivery.nextAttemptAt.toISOString(),
    failure_reason: delivery.failureReason,
    last_error: delivery.lastError,
    provider_message_id: delivery.providerMessageId,
    sent_at: delivery.sentAt?.toISOString() ?? null,
    created_at: delivery.createdAt.toISOString(),
    updated_at: delivery.updatedAt.toISOString(),
  };
}
