import * as z from 'zod';
import {
  defineChannel,
  field,
  rateLimitFields,
  secret,
  type ParsedConfiguration,
} from './channel-definition';

/** Slack incoming webhooks; `channel`, `username` and `icon_*` are the legacy webhook overrides. */
export const slackChannel = defineChannel({
  schema: z.looseObject({
    webhook_url: secret(
      field.httpUrl('The incoming webhook URL.'),
      'Its path is the webhook’s token.',
    ).optional(),
    channel: field.text('Legacy override of the webhook’s channel (`#releases`).', 200).optional(),
    username: field.text('Legacy override of the poster’s name.', 200).optional(),
    icon_emoji: field.text('Legacy override of the poster’s icon (`:rocket:`).', 200).optional(),
    icon_url: field.httpUrl('Legacy override of the poster’s icon, as an image URL.').optional(),
    ...rateLimitFields,
  }),
  required: ['webhook_url'],
  target: { field: 'webhook_url', kind: 'url' },
  // Slack documents one message per second per incoming webhook.
  defaultRatePerSecond: 1,
});

export type SlackConfiguration = ParsedConfiguration<typeof slackChannel>;
