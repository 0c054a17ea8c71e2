import { missingConfiguration } from '@publishing/channels';
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
  /** False while the configuration lacks what sending needs; `missing_configuration` names it. */
  configured: boolean;
  missing_configuration: string[];
  created_at: string | null;
  updated_at: string | null;
}

export function presentChannel(channel: Channel): ChannelResource {
  const missing = missingConfiguration(channel.channelType, recordOf(channel.configuration));
  return {
    id: channel.id,
    name: channel.name,
    channel_type: channel.channelType,
    is_active: channel.isActive,
    configuration: maskConfiguration(channel.channelType, channel.configuration),
    configured: missing.length === 0,
    missing_configuration: missing.map((key) => `configuration.${key}`),
    created_at: formatTimestamp(channel.createdAt),
    updated_at: formatTimestamp(channel.updatedAt),
  };
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
