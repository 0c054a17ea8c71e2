import type { ChannelDefinition } from './channel-definition';
import { discordChannel } from './discord';
import { emailChannel } from './email';
import { rssChannel } from './rss';
import { slackChannel } from './slack';
import { webhookChannel } from './webhook';

/** The one definition of each channel type's configuration. */
export const channelDefinitions = {
  email: emailChannel,
  webhook: webhookChannel,
  slack: slackChannel,
  discord: discordChannel,
  rss: rssChannel,
} satisfies Record<string, ChannelDefinition>;

export type ChannelType = keyof typeof channelDefinitions;
export const CHANNEL_TYPES = Object.keys(channelDefinitions) as ChannelType[];

export function isChannelType(type: string): type is ChannelType {
  return Object.hasOwn(channelDefinitions, type);
}

/** The definition of `type`; undefined for a type this code does not know. */
export function definitionOf(type: string): ChannelDefinition | undefined {
  return isChannelType(type) ? channelDefinitions[type] : undefined;
}
