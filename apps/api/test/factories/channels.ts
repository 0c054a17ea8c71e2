import { randomBytes } from 'node:crypto';
import request from 'supertest';
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

let sequence = 0;

/** Unique per call, across test files running in parallel too. */
export function uniqueName(label = 'channel'): string {
  sequence += 1;
  return `${label} ${sequence}-${randomBytes(4).toString('hex')}`;
}

/** A webhook channel with a unique name and a unique (secret-bearing) URL unless overridden. */
export function channelInput(overrides: Partial<ChannelInput> = {}): ChannelInput {
  return {
    name: uniqueName(),
    channel_type: 'webhook',
    configuration: {
      url: `https://hooks.example.test/incoming/${randomBytes(16).toString('hex')}`,
    },
    ...overrides,
  };
}

export async function createChannel(
  testApp: TestApp,
  overrides: Partial<ChannelInput> = {},
): Promise<ChannelJson> {
  const response = await request(testApp.http)
    .post('/api/v1/channels')
    .set(testApp.auth)
    .send(channelInput(overrides));
  if (response.status !== 201) {
    throw new Error(
      `creating a channel answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.data as ChannelJson;
}
