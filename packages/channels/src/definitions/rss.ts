import * as z from 'zod';
import { defineChannel, field, type ParsedConfiguration } from './channel-definition';

/** A URL published in a public feed must not carry credentials. */
const noCredentials = (value: string) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value);

/** RSS channels are read as a feed (`GET /feeds/{id}`), never sent to: nothing is required. */
export const rssChannel = defineChannel({
  schema: z.looseObject({
    feed_title: field.text('The feed’s title (default: the channel’s name).', 200).optional(),
    feed_description: field.text('The feed’s description.').optional(),
    site_url: field
      .httpUrl('The site the feed links to (default: the feed itself). Public: no credentials.')
      .refine(noCredentials, { error: 'must not contain a user name or password' })
      .optional(),
  }),
  required: [],
  // Never used: nothing is sent to a feed.
  defaultRatePerSecond: 10,
});

export type RssConfiguration = ParsedConfiguration<typeof rssChannel>;
