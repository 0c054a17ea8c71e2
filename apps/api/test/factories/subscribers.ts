import { uniqueEmail } from '@publishing/testing';
import { createThroughApi } from '../support/create-through-api';
import type { TestApp } from '../support/test-app';

export interface SubscriberInput {
  email: string;
  user_id?: string | null;
  preferred_channels?: string[];
  preferred_channel_types?: string[];
  topic_interests?: Record<string, number>;
  frequency_settings?: Record<string, unknown>;
  personalization_data?: Record<string, unknown>;
}

/** A subscriber as the API answers it (`data` of the envelope). */
export interface SubscriberJson {
  id: string;
  user_id: string | null;
  email: string;
  subscription_status: 'active' | 'paused' | 'unsubscribed';
  preferred_channels: string[];
  preferred_channel_types: string[];
  topic_interests: Record<string, number>;
  frequency_settings: Record<string, unknown>;
  personalization_data: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export function subscriberInput(overrides: Partial<SubscriberInput> = {}): SubscriberInput {
  return { email: uniqueEmail(), ...overrides };
}

/** A subscriber created through POST /subscribers. */
export function createSubscriber(
  testApp: TestApp,
  overrides: Partial<SubscriberInput> = {},
): Promise<SubscriberJson> {
  return createThroughApi(testApp, '/api/v1/subscribers', subscriberInput(overrides));
}
