import { PrismaService } from '@publishing/db/nest';
import request from 'supertest';
import {
  insertChannel,
  insertDeliveries,
  insertPublication,
  insertSubscribers,
} from '@publishing/testing';
import { createTestApp, type TestApp } from './support/test-app';

describe('publication deliveries', () => {
  let testApp: TestApp;
  let db: PrismaService;
  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
  });
  afterAll(() => testApp.close());

  async function publicationWithDeliveries(status: 'failed' | 'cancelled' = 'failed') {
    const channel = await insertChannel(db, { channelType: 'webhook' });
    const [sent, failed, pending] = await insertSubscribers(db, 3);
    const publication = await insertPublication(db, { channelIds: [channel.id], status });
    await insertDeliveries(db, publication, channel, [
      { subscriber: sent!, status: 'sent' },
      { subscriber: failed!, status: 'failed' },
      { subscriber: pending!, status: 'pending' },
    ]);
    return publication;
  }

  it('lists them with counts by status, filtered by status', async () => {
    const publication = await publicationWithDeliveries();

    const all = await request(testApp.http)
      .get(`/api/v1/publications/${publication.id}/deliveries`)
      .set(testApp.auth)
      .expect(200);
    const failed = await request(testApp.http)
      .get(`/api/v1/publications/${publication.id}/deliveries?status=failed`)
      .set(testApp.auth)
      .expect(200);

    expect(all.body.data).toMatchObject({
      total_count: 3,
      counts_by_status: { sent: 1, failed: 1, pending: 1 },
    });
    expect(failed.body.data.deliveries).toHaveLength(1);
    expect(failed.body.data.deliveries[0]).toMatchObject({
      status: 'failed',
      publication_id: publication.id,
    });
  });

  it('retries the failed deliveries only and puts the publication back to processing', async () => {
    const publication = await publicationWithDeliveries();

    const response = await request(testApp.http)
      .post(`/api/v1/publications/${publication.id}/deliveries/retry`)
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data).toEqual({ publication_id: publication.id, retried: 1 });
    const statuses = await db.delivery.groupBy({
      by: ['status'],
      where: { publicationId: publication.id },
      _count: true,
    });
    expect(Object.fromEntries(statuses.map((row) => [row.status, row._count]))).toEqual({
      sent: 1,
      pending: 2,
    });
    expect((await db.publication.findUniqueOrThrow({ where: { id: publication.id } })).status).toBe(
      'processing',
    );
  });

  it('refuses to retry a cancelled publication, 404s an unknown one, 422s a bad status', async () => {
    const cancelled = await publicationWithDeliveries('cancelled');

    await request(testApp.http)
      .post(`/api/v1/publications/${cancelled.id}/deliveries/retry`)
      .set(testApp.auth)
      .expect(409);
    await request(testApp.http)
      .get('/api/v1/publications/00000000-0000-4000-8000-000000000000/deliveries')
      .set(testApp.auth)
      .expect(404);
    const invalid = await request(testApp.http)
      .get(`/api/v1/publications/${cancelled.id}/deliveries?status=lost`)
      .set(testApp.auth)
      .expect(422);
    expect(invalid.body.errors[0].field).toBe('status');
  });
});
