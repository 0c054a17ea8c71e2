import { randomUUID } from 'node:crypto';
import type { Delivery, PrismaClient } from '@publishing/db';
import { loadWorkerConfig, type WorkerConfig } from '../../src/config/worker-config';

export const SIGNING_SECRET = 'worker-test-signing-secret-0123456789abcdef';
export const API_BASE_URL = 'https://api.publishing.test';

/** Fast settings: tiny backoff, short polls; anything can be overridden per test. */
export function testConfig(
  databaseUrl: string,
  overrides: Record<string, string> = {},
): WorkerConfig {
  return loadWorkerConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    SIGNING_SECRET,
    API_BASE_URL,
    WORKER_ID: `test-worker-${randomUUID().slice(0, 8)}`,
    WORKER_CONCURRENCY: '8',
    WORKER_BATCH_SIZE: '20',
    WORKER_LEASE_SECONDS: '10',
    WORKER_POLL_INTERVAL_MS: '20',
    WORKER_RETRY_BASE_MS: '10',
    WORKER_RETRY_MAX_MS: '40',
    // Room for a loaded machine (CI runs every package at once): a send that times out is retried,
    // and the receiver may have had it, which tests counting sends would see as a duplicate.
    WORKER_SEND_TIMEOUT_MS: '5000',
    WORKER_SHUTDOWN_TIMEOUT_MS: '5000',
    // The sinks listen on 127.0.0.1.
    ALLOW_PRIVATE_TARGETS: 'true',
    ...overrides,
  });
}

/** Polls until `check` returns a value other than `undefined`/`false`, or fails after `timeoutMs`. */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function publicationState(db: PrismaClient, id: string) {
  return db.publication.findUniqueOrThrow({
    where: { id },
    select: { status: true, channelResults: true, errorDetails: true, publishedTime: true },
  });
}

/** Waits until the publication leaves `scheduled`/`processing` and returns its final state. */
export function waitForFinalStatus(db: PrismaClient, id: string, timeoutMs?: number) {
  return waitFor(
    `publication ${id} to finish`,
    async () => {
      const state = await publicationState(db, id);
      return state.status === 'scheduled' || state.status === 'processing' ? undefined : state;
    },
    timeoutMs,
  );
}

export function deliveriesOf(db: PrismaClient, publicationId: string): Promise<Delivery[]> {
  return db.delivery.findMany({ where: { publicationId }, orderBy: { createdAt: 'asc' } });
}
