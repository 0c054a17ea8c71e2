import * as z from 'zod';
import {
  defineChannel,
  field,
  rateLimitFields,
  secret,
  type ParsedConfiguration,
} from './channel-definition';

/** Discord webhooks (`?wait=true` in the URL makes Discord answer the message, whose id is kept). */
export const discordChannel = defineChannel({
  schema: z.looseObject({
    webhook_url: secret(
      field.httpUrl('The webhook URL.'),
      'Its path is the webhook’s token.',
    ).optional(),
    username: field.text('Override of the poster’s name.', 80).optional(),
    avatar_url: field.httpUrl('Override of the poster’s avatar, as an image URL.').optional(),
    ...rateLimitFields,
  }),
  required: ['webhook_url'],
  target: { field: 'webhook_url', kind: 'url' },
  // Discord allows 30 messages per minute per channel through webhooks.
  defaultRatePerSecond: 0.5,
});

export type DiscordConfiguration = ParsedConfiguration<typeof discordChannel>;
