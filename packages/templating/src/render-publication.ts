import { CompiledTemplate, compileTemplate, type TemplateSource } from './compile-template';
import { addEmailTracking } from './email-tracking';
import { TemplateRenderError, TemplateSyntaxError, TemplateVariablesError } from './errors';
import {
  renderForChannel,
  type RenderChannelType,
  type RenderedMessage,
} from './render-for-channel';
import type { TrackingLinkSettings } from './tracking-links';
import { isRecord } from './variable-definitions';

/** What a publication is rendered for, as the database holds it. */
export interface PublicationToRender {
  id: string;
  type: string;
  scheduledTime: Date;
  contentIds: readonly string[];
  /** `personalization_rules` (its `variables` are the publication-wide values). */
  personalizationRules: unknown;
}

export interface SubscriberToRender {
  /** `null` for an address that is no subscriber (a test send to `test_email`). */
  id: string | null;
  email: string;
  personalizationData: unknown;
}

export interface ChannelToRender {
  id: string;
  name: string;
  /** The channel's own type, given to the template as `channel.type` (`rss` for a feed). */
  type: string;
}

export interface RenderPublicationInput {
  /** The publication's active template; `undefined` renders `DEFAULT_PUBLICATION_TEMPLATE`. */
  template: TemplateSource | CompiledTemplate | undefined;
  publication: PublicationToRender;
  /** Absent where there is nobody to address (a public feed): no `subscriber` built-in. */
  subscriber?: SubscriberToRender;
  channel: ChannelToRender;
  /** The message format; defaults to the channel's type. */
  format?: RenderChannelType;
  /** The recipient's one-click unsubscribe link (`unsubscribe_url`); empty when there is none. */
  unsubscribeUrl?: string;
  /** Named in the default webhook payload (`delivery_id`) of a publication without a template. */
  deliveryId?: string;
  /** Signed click links and the open pixel in an email's HTML; left out when absent. */
  tracking?: TrackingLinkSettings;
}

export type RenderFailureReason = 'missing_variables' | 'template_error';

export type RenderPublicationResult =
  | { ok: true; message: RenderedMessage }
  | { ok: false; reason: RenderFailureReason; message: string };

/** Used when a publication has no (active) template: says what was published and how to leave. */
export const DEFAULT_PUBLICATION_TEMPLATE = new CompiledTemplate({
  contentStructure: {
    subject: 'New {{ publication.type }} from the publishing service',
    body_text:
      'A new {{ publication.type }} was published.\n\n' +
      '{% for id in publication.content_ids %}- {{ id }}\n{% endfor %}' +
      '{% if unsubscribe_url != blank %}\nUnsubscribe: {{ unsubscribe_url }}{% endif %}',
  },
  variableDefinitions: {},
});

/**
 * The one way a publication becomes a message, for a delivery, a test send and a feed item alike.
 * Template variables, lowest precedence first: the definitions' defaults, the publication's
 * `personalization_rules.variables`, the subscriber's `personalization_data` for declared names;
 * then the built-ins `subscriber`, `publication`, `channel` and `unsubscribe_url`. A template
 * that cannot be rendered is ONE typed failure, which each caller maps to its own outcome.
 */
export function renderPublication(input: RenderPublicationInput): RenderPublicationResult {
  const format = input.format ?? (input.channel.type as RenderChannelType);
  const builtins = builtinVariables(input);
  let message: RenderedMessage;
  if (input.template === undefined && format === 'webhook') {
    message = { channelType: 'webhook', payload: defaultWebhookPayload(input, builtins) };
  } else {
    const template = compileTemplate(input.template ?? DEFAULT_PUBLICATION_TEMPLATE);
    const rules = isRecord(input.publication.personalizationRules)
      ? input.publication.personalizationRules
      : {};
    const publicationValues = isRecord(rules.variables) ? rules.variables : {};
    const personal = isRecord(input.subscriber?.personalizationData)
      ? input.subscriber.personalizationData
      : {};
    const declaredPersonal = Object.fromEntries(
      Object.keys(template.definitions)
        .filter((name) => Object.hasOwn(personal, name))
        .map((name) => [name, personal[name]]),
    );
    try {
      message = renderForChannel(template, format, {
        ...publicationValues,
        ...declaredPersonal,
        ...builtins,
      });
    } catch (error) {
      if (error instanceof TemplateVariablesError) {
        return { ok: false, reason: 'missing_variables', message: error.message };
      }
      if (error instanceof TemplateSyntaxError || error instanceof TemplateRenderError) {
        return { ok: false, reason: 'template_error', message: error.message };
      }
      throw error;
    }
  }
  return { ok: true, message: withTracking(message, input) };
}

function builtinVariables(input: RenderPublicationInput): Record<string, unknown> {
  const { publication, subscriber, channel } = input;
  const scheduled = publication.scheduledTime;
  return {
    ...(subscriber && {
      subscriber: {
        id: subscriber.id,
        email: subscriber.email,
        data: isRecord(subscriber.personalizationData) ? subscriber.personalizationData : {},
      },
    }),
    publication: {
      id: publication.id,
      type: publication.type,
      // An instant PostgreSQL holds but a Date cannot print is no reason to fail a delivery.
      scheduled_time: Number.isNaN(scheduled.getTime()) ? null : scheduled.toISOString(),
      content_ids: publication.contentIds,
    },
    channel: { id: channel.id, name: channel.name, type: channel.type },
    unsubscribe_url: input.unsubscribeUrl ?? '',
  };
}

function defaultWebhookPayload(
  input: RenderPublicationInput,
  builtins: Record<string, unknown>,
): unknown {
  return {
    event: 'publication.published',
    delivery_id: input.deliveryId ?? null,
    publication: builtins.publication,
    subscriber: input.subscriber
      ? { id: input.subscriber.id, email: input.subscriber.email }
      : null,
    channel: builtins.channel,
  };
}

function withTracking(message: RenderedMessage, input: RenderPublicationInput): RenderedMessage {
  if (message.channelType !== 'email' || !input.tracking) return message;
  const html = addEmailTracking(
    message.html,
    input.tracking,
    {
      publicationId: input.publication.id,
      channelId: input.channel.id,
      subscriberId: input.subscriber?.id,
    },
    { skipUrls: input.unsubscribeUrl ? [input.unsubscribeUrl] : [] },
  );
  return { ...message, html };
}
