import {
  CompiledTemplate,
  TemplateRenderError,
  TemplateSyntaxError,
  TemplateVariablesError,
  addEmailTracking,
  createUnsubscribeToken,
  renderForChannel,
  unsubscribeUrl,
  type RenderedMessage,
} from '@publishing/templating';
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

/** Used when a publication has no template: says what was published and how to leave. */
export const DEFAULT_TEMPLATE = new CompiledTemplate({
  contentStructure: {
    subject: 'New {{ publication.type }} from the publishing service',
    body_text:
      'A new {{ publication.type }} was published.\n\n' +
      '{% for id in publication.content_ids %}- {{ id }}\n{% endfor %}\n' +
      'Unsubscribe: {{ unsubscribe_url }}',
  },
  variableDefinitions: {},
});

/**
 * Renders one delivery's message for its channel and wraps it with what the adapter needs:
 * template variables (precedence: definition defaults < `personalization_rules.variables` of the
 * publication < the subscriber's `personalization_data` for declared names), the built-ins
 * `subscriber`, `publication`, `channel` and `unsubscribe_url`, and, for email, signed click
 * links and the open pixel. Template problems are permanent failures (`missing_variables`,
 * `template_error`): retrying cannot fix them.
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
  const message = render(delivery, publication, channel, unsubscribe);
  const tracked: RenderedMessage =
    message.channelType === 'email'
      ? {
          ...message,
          html: addEmailTracking(
            message.html,
            settings,
            {
              publicationId: delivery.publicationId,
              channelId: channel.id,
              subscriberId: delivery.subscriberId,
            },
            { skipUrls: [unsubscribe] },
          ),
        }
      : message;
  return {
    deliveryId: delivery.id,
    attempt: delivery.attempts,
    publicationId: delivery.publicationId,
    channel,
    subscriber: { id: delivery.subscriberId, email: delivery.email },
    message: tracked,
    unsubscribeUrl: unsubscribe,
    unsubscribeToken,
    timeoutMs: settings.sendTimeoutMs,
  };
}

function render(
  delivery: ClaimedDelivery,
  publication: PublicationInfo,
  channel: ChannelInfo & { type: PushChannelType },
  unsubscribe: string,
): RenderedMessage {
  const builtins = {
    subscriber: {
      id: delivery.subscriberId,
      email: delivery.email,
      data: recordOf(delivery.personalizationData),
    },
    publication: {
      id: publication.id,
      type: publication.type,
      scheduled_time: publication.scheduledTime.toISOString(),
      content_ids: publication.contentIds,
    },
    channel: { id: channel.id, name: channel.name, type: channel.type },
    unsubscribe_url: unsubscribe,
  };
  if (!publication.template && channel.type === 'webhook') {
    return { channelType: 'webhook', payload: defaultWebhookPayload(delivery, builtins) };
  }
  const template = publication.template ?? DEFAULT_TEMPLATE;
  const personal = recordOf(delivery.personalizationData);
  const declaredPersonal = Object.fromEntries(
    Object.keys(template.definitions)
      .filter((name) => Object.hasOwn(personal, name))
      .map((name) => [name, personal[name]]),
  );
  try {
    return renderForChannel(template, channel.type, {
      ...publication.variables,
      ...declaredPersonal,
      ...builtins,
    });
  } catch (error) {
    if (error instanceof TemplateVariablesError)
      throw permanentFailure('missing_variables', error.message);
    if (error instanceof TemplateSyntaxError || error instanceof TemplateRenderError) {
      throw permanentFailure('template_error', error.message);
    }
    throw error;
  }
}

function defaultWebhookPayload(
  delivery: ClaimedDelivery,
  builtins: { subscriber: { id: string; email: string }; publication: unknown; channel: unknown },
): unknown {
  return {
    event: 'publication.published',
    delivery_id: delivery.id,
    publication: builtins.publication,
    subscriber: { id: builtins.subscriber.id, email: builtins.subscriber.email },
    channel: builtins.channel,
  };
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
