import { permanentFailure, type ChannelInfo, type DeliveryError } from './channel-adapter';

/** The configuration keys a channel of each type cannot send without (RSS is read, never sent). */
const REQUIRED_KEYS: Record<string, readonly string[]> = {
  email: ['smtp_host', 'from_email'],
  webhook: ['url'],
  slack: ['webhook_url'],
  discord: ['webhook_url'],
  rss: [],
};

/**
 * The required configuration keys a channel lacks (absent or blank). Channels may be created
 * without them, as the old service allowed; such a channel is not configured, and test sends
 * and deliveries through it fail naming these keys.
 */
export function missingConfiguration(
  type: string,
  configuration: Record<string, unknown>,
): string[] {
  return (REQUIRED_KEYS[type] ?? []).filter((key) => {
    const value = configuration[key];
    return typeof value !== 'string' || value.trim() === '';
  });
}

/** A permanent `missing_configuration` failure naming what the channel lacks, else undefined. */
export function unconfiguredFailure(channel: ChannelInfo): DeliveryError | undefined {
  const missing = missingConfiguration(channel.type, channel.configuration);
  if (missing.length === 0) return undefined;
  return permanentFailure(
    'missing_configuration',
    `Channel "${channel.name}" (${channel.id}) is not configured: it needs ${missing
      .map((key) => `configuration.${key}`)
      .join(', ')}; set it with PUT /api/v1/channels/${channel.id}.`,
  );
}
