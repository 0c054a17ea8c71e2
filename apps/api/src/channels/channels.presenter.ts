import { channelReadiness, maskChannelConfiguration } from '@publishing/channels';
import type { Channel, ChannelType } from '@publishing/db';
import { formatTimestamp } from '../common/format-timestamp';

export interface ChannelResource {
  id: string;
  name: string;
  channel_type: ChannelType;
  is_active: boolean;
  /** Secrets masked as the type's definition says (`maskChannelConfiguration`). */
  configuration: unknown;
  /**
   * False while the configuration lacks what sending needs, or holds an invalid value stored
   * before it was validated; `missing_configuration` names those fields.
   */
  configured: boolean;
  missing_configuration: string[];
  created_at: string | null;
  updated_at: string | null;
}

export function presentChannel(channel: Channel): ChannelResource {
  const readiness = channelReadiness(channel.channelType, channel.configuration);
  return {
    id: channel.id,
    name: channel.name,
    channel_type: channel.channelType,
    is_active: channel.isActive,
    configuration: maskChannelConfiguration(channel.channelType, channel.configuration),
    configured: readiness.configured,
    missing_configuration: [
      ...readiness.missing.map((key) => `configuration.${key}`),
      ...readiness.invalid.map((error) => error.field),
    ],
    created_at: formatTimestamp(channel.createdAt),
    updated_at: formatTimestamp(channel.updatedAt),
  };
}
