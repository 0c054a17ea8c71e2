import { randomBytes } from 'node:crypto';
import request from 'supertest';
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

let sequence = 0;

/** Unique per call, across test files running in parallel too. */
export function uniqueEmail(label = 'reader'): string {
  sequence += 1;
  return `${label}-${sequence}-${randomBytes(4).toString('hex')}@example.com`;
}

export function subscriberInput(overrides: Partial<SubscriberInput> = {}): SubscriberInput {
  return { email: uniqueEmail(), ...overrides };
}

export async function createSubscriber(
  testApp: TestApp,
  overrides: Partial<SubscriberInput> = {},
): Promise<SubscriberJson> {
  const response = await request(testApp.http)
    .post('/api/v1/subscribers')
    .set(testApp.auth)
    .send(subscriberInput(overrides));
  if (response.status !== 201) {
    throw new Error(
      `creating a subscriber answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.data as SubscriberJson;
}
