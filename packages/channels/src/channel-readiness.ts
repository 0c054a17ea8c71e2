import { permanentFailure, type ChannelInfo, type DeliveryError } from './channel-adapter';
import {
  ChannelConfigurationError,
  channelReadiness,
  parseChannelConfiguration,
} from './configuration/channel-readiness';
import type { channelDefinitions, ChannelType } from './definitions';
import type { ParsedConfiguration } from './definitions/channel-definition';

/**
 * The configuration keys a channel lacks or has invalid, for a send. Channels may be created
 * without them, as the old service allowed; such a channel is not configured, and test sends
 * and deliveries through it fail naming these keys.
 */
export function missingConfiguration(type: string, configuration: unknown): string[] {
  const { missing, invalid } = channelReadiness(type, configuration);
  return [...missing, ...invalid.map((error) => error.field.replace(/^configuration\./, ''))];
}

/** A permanent `missing_configuration` failure naming what the channel lacks, else undefined. */
export function unconfiguredFailure(channel: ChannelInfo): DeliveryError | undefined {
  const { configured, missing, invalid } = channelReadiness(channel.type, channel.configuration);
  return configured
    ? undefined
    : notConfigured(channel, new ChannelConfigurationError(missing, invalid));
}

/**
 * The channel's configuration as its adapter reads it, parsed by the type's definition; a
 * permanent `missing_configuration` failure when it cannot send.
 */
export function configurationForSend<Type extends ChannelType>(
  channel: ChannelInfo,
  type: Type,
): ParsedConfiguration<(typeof channelDefinitions)[Type]> {
  try {
    return parseChannelConfiguration(type, channel.configuration);
  } catch (error) {
    if (error instanceof ChannelConfigurationError) throw notConfigured(channel, error);
    throw error;
  }
}

function notConfigured(channel: ChannelInfo, error: ChannelConfigurationError): DeliveryError {
  return permanentFailure(
    'missing_configuration',
    `Channel "${channel.name}" (${channel.id}) is not configured: ${error.message}; set it with PUT /api/v1/channels/${channel.id}.`,
  );
}
