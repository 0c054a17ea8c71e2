import { randomUUID } from 'node:crypto';
import type { Alert, AlertPriority, AlertStatus, PrismaClient } from '@publishing/db';
import request from 'supertest';
import type { TestApp } from '../support/test-app';

/** A valid POST /alerts body on the given channels. */
export function alertBody(
  targetChannels: string[],
  overrides: { content_id?: string; priority?: AlertPriority } = {},
) {
  return { content_id: randomUUID(), target_channels: targetChannels, ...overrides };
}

export async function createAlert(
  testApp: TestApp,
  targetChannels: string[],
  overrides: { content_id?: string; priority?: AlertPriority } = {},
): Promise<{ id: string; status: AlertStatus; priority: AlertPriority }> {
  const response = await request(testApp.http)
    .post('/api/v1/alerts')
    .set(testApp.auth)
    .send(alertBody(targetChannels, overrides));
  if (response.status !== 201) {
    throw new Error(
      `creating an alert answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.data;
}

/** An alert row written directly (any status), e.g. for list filters. */
export function insertAlert(
  db: PrismaClient,
  data: { targetChannels: string[]; status?: AlertStatus; createdAt?: Date },
): Promise<Alert> {
  return db.alert.create({
    data: {
      contentId: randomUUID(),
      targetChannels: data.targetChannels,
      status: data.status ?? 'queued',
      createdAt: data.createdAt,
    },
  });
}
