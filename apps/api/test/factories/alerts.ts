import { randomUUID } from 'node:crypto';
import type { AlertPriority, AlertStatus } from '@publishing/db';
import { createThroughApi } from '../support/create-through-api';
import type { TestApp } from '../support/test-app';

/** A valid POST /alerts body on the given channels. */
export function alertBody(
  targetChannels: string[],
  overrides: { content_id?: string; priority?: AlertPriority } = {},
) {
  return { content_id: randomUUID(), target_channels: targetChannels, ...overrides };
}

/** An alert created through POST /alerts. */
export function createAlert(
  testApp: TestApp,
  targetChannels: string[],
  overrides: { content_id?: string; priority?: AlertPriority } = {},
): Promise<{ id: string; status: AlertStatus; priority: AlertPriority }> {
  return createThroughApi(testApp, '/api/v1/alerts', alertBody(targetChannels, overrides));
}
