import { createUnsubscribeToken, renderPublication, unsubscribeUrl } from '@publishing/templating';
import {
  permanentFailure,
  type ChannelInfo,
  type DeliveryContext,
  type PushChannelType,
} from '@publishing/channels';
import type { ClaimedDelivery } from './claim-deliveries';
import type { PublicationInfo } from './publication-cache';

export interface ComposeSettings {
  apiBaseUrl: string;
  signingSecret: string;
  sendTimeoutMs: number;
}

/**
 * One delivery's message (rendered by `renderPublication`, with signed click links and the open
 * pixel for email) wrapped with what the adapter needs. Template problems are permanent failures
 * (`missing_variables`, `template_error`): retrying cannot fix them.
 */
export function composeDelivery(
  delivery: ClaimedDelivery,
  publication: PublicationInfo,
  channel: ChannelInfo & { type: PushChannelType },
  settings: ComposeSettings,
): DeliveryContext {
  const unsubscribeToken = createUnsubscribeToken(settings.signingSecret, {
    subscriberId: delivery.subscriberId,
    publicationId: delivery.publicationId,
  });
  const unsubscribe = unsubscribeUrl(settings.apiBaseUrl, unsubscribeToken);
  const rendered = renderPublication({
    template: publication.template,
    publication: {
      id: publication.id,
      type: publication.type,
      scheduledTime: publication.scheduledTime,
      contentIds: publication.contentIds,
      personalizationRules: publication.personalizationRules,
    },
    subscriber: {
      id: delivery.subscriberId,
      email: delivery.email,
      personalizationData: delivery.personalizationData,
    },
    channel: { id: channel.id, name: channel.name, type: channel.type },
    unsubscribeUrl: unsubscribe,
    deliveryId: delivery.id,
    tracking: settings,
  });
  if (!rendered.ok) throw permanentFailure(rendered.reason, rendered.message);
  return {
    deliveryId: delivery.id,
    attempt: delivery.attempts,
    publicationId: delivery.publicationId,
    channel,
    subscriber: { id: delivery.subscriberId, email: delivery.email },
    message: rendered.message,
    unsubscribeUrl: unsubscribe,
    unsubscribeToken,
    timeoutMs: settings.sendTimeoutMs,
  };
}
