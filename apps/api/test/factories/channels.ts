import { uniqueName } from '@publishing/testing';
import { randomBytes } from 'node:crypto';
import { createThroughApi } from '../support/create-through-api';
import type { TestApp } from '../support/test-app';

export interface ChannelInput {
  name: string;
  channel_type: 'email' | 'slack' | 'discord' | 'webhook' | 'rss';
  configuration?: Record<string, unknown>;
  is_active?: boolean;
}

/** A channel as the API answers it (`data` of the envelope). */
export interface ChannelJson {
  id: string;
  name: string;
  channel_type: ChannelInput['channel_type'];
  is_active: boolean;
  configuration: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** A webhook channel with a unique name and a unique (secret-bearing) URL unless overridden. */
export function channelInput(overrides: Partial<ChannelInput> = {}): ChannelInput {
  return {
    name: uniqueName('channel'),
    channel_type: 'webhook',
    configuration: {
      url: `https://hooks.example.test/incoming/${randomBytes(16).toString('hex')}`,
    },
    ...overrides,
  };
}

/** A channel created through POST /channels. */
export function createChannel(
  testApp: TestApp,
  overrides: Partial<ChannelInput> = {},
): Promise<ChannelJson> {
  return createThroughApi(testApp, '/api/v1/channels', channelInput(overrides));
}
