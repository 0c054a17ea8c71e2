import type { Channel, ChannelType } from '@publishing/db';
import { maskConfiguration } from './channel-secrets';
import { formatTimestamp } from '../common/format-timestamp';

export interface ChannelResource {
  id: string;
  name: string;
  channel_type: ChannelType;
  is_active: boolean;
  /** Secrets masked: see `channel-secrets.ts`. */
  configuration: unknown;
  created_at: string | null;
  updated_at: string | null;
}

export function presentChannel(channel: Channel): ChannelResource {
  return {
    id: channel.id,
    name: channel.name,
    channel_type: channel.channelType,
    is_active: channel.isActive,
    configuration: maskConfiguration(channel.channelType, channel.configuration),
    created_at: formatTimestamp(channel.createdAt),
    updated_at: formatTimestamp(channel.updatedAt),
  };
}
