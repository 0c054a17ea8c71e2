import {
  PUSH_CHANNEL_TYPES,
  channelDefinitions,
  channelRateLimit,
  type ChannelRateLimit,
} from '@publishing/channels';

/** Sends per second when a channel's configuration sets no `rate_limit_per_second`. */
export const DEFAULT_RATE_LIMITS: Record<string, number> = Object.fromEntries(
  PUSH_CHANNEL_TYPES.map((type) => [type, channelDefinitions[type].defaultRatePerSecond]),
);

export type RateLimitSettings = ChannelRateLimit;

/**
 * The limit of one channel, as its type's definition reads `rate_limit_per_second` and
 * `rate_limit_burst` (`channelRateLimit` of `@publishing/channels`): without a burst, sends are
 * evenly spaced. Workers share the limit through the database (`send-slots.ts`).
 */
export function rateLimitOf(
  channelType: string,
  configuration: Record<string, unknown>,
): RateLimitSettings {
  return channelRateLimit(channelType, configuration);
}
