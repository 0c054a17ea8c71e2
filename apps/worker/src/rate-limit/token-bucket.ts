/** Sends per second when a channel's configuration sets no `rate_limit_per_second`. */
export const DEFAULT_RATE_LIMITS: Record<string, number> = {
  // Slack documents one message per second per incoming webhook.
  slack: 1,
  // Discord allows 30 messages per minute per channel through webhooks.
  discord: 0.5,
  email: 50,
  webhook: 100,
};

export interface RateLimitSettings {
  ratePerSecond: number;
  burst: number;
}

/**
 * The limit of one channel: `configuration.rate_limit_per_second` (> 0) and optionally
 * `configuration.rate_limit_burst` (≥ 1: how many sends may go at once after an idle period),
 * else the channel type's default and a burst of 1 (sends evenly spaced). The schema has no
 * rate-limit column, so the setting lives in the channel's configuration JSON. Workers share the
 * limit through the database (`send-slots.ts`).
 */
export function rateLimitOf(
  channelType: string,
  configuration: Record<string, unknown>,
): RateLimitSettings {
  const configured = configuration.rate_limit_per_second;
  const ratePerSecond =
    typeof configured === 'number' && Number.isFinite(configured) && configured > 0
      ? configured
      : (DEFAULT_RATE_LIMITS[channelType] ?? 10);
  const burstSetting = configuration.rate_limit_burst;
  const burst =
    typeof burstSetting === 'number' && Number.isFinite(burstSetting) && burstSetting >= 1
      ? burstSetting
      : 1;
  return { ratePerSecond, burst };
}
