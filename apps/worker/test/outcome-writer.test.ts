import { createLogger } from '@publishing/logging';
import { insertChannel, insertPublication, insertSubscriber } from '@publishing/testing';
import { OutcomeWriter } from '../src/outcomes/outcome-writer';
import { useWorkerTestEnvironment } from './support/worker-test-environment';

const env = useWorkerTestEnvironment();

describe('OutcomeWriter', () => {
  it('writes batched outcomes of rows this worker holds, drops retaken ones, and reports what it wrote', async () => {
    const channel = await insertChannel(env.db, { channelType: 'webhook' });
    const subscribers = [];
    for (let index = 0; index < 5; index += 1)
      subscribers.push(await insertSubscriber(env.db, { channelIds: [channel.id] }));
    const publication = await insertPublication(env.db, { channelIds: [channel.id] });
    await env.db.$executeRaw`
      INSERT INTO publishing_deliveries (publication_id, subscriber_id, channel_id, status, attempts, claimed_by, claim_expires_at)
      SELECT ${publication.id}::uuid, id, ${channel.id}::uuid, 'sending', 1, 'writer', now() + interval '1 minute'
        FROM publishing_subscribers WHERE id = ANY(${subscribers.map((s) => s.id)}::uuid[])`;
    const rows = await env.db.delivery.findMany({ where: { publicationId: publication.id } });
    const [sent, failed, retried, released, retaken] = rows;
    await env.db.delivery.update({
      where: { id: retaken!.id },
      data: { claimedBy: 'someone-else' },
    });

    const written: string[] = [];
    let releasedCalls = 0;
    const writer = new OutcomeWriter({
      db: env.db,
      workerId: 'writer',
      logger: createLogger({ name: 'test', level: 'silent' }),
      retryDelayMs: 20,
      batchSize: 2,
      onWritten: (id) => written.push(id),
      onReleased: () => (releasedCalls += 1),
    });
    const base = { publicationId: publication.id };
    writer.add({ ...base, id: sent!.id, kind: 'sent', providerMessageId: 'm-1' });
    writer.add({ ...base, id: failed!.id, kind: 'failed', reason: 'http_400', error: 'bad' });
    writer.add({
      ...base,
      id: retried!.id,
      kind: 'retry',
      reason: 'http_503',
      error: 'x',
      delayMs: 60_000,
    });
    writer.add({ ...base, id: released!.id, kind: 'released' });
    writer.add({ ...base, id: retaken!.id, kind: 'sent' });
    expect(writer.unwritten).toBe(5);
    await writer.drain();
    expect(writer.unwritten).toBe(0);
    // Three batches of at most two rows.
    expect(releasedCalls).toBe(3);
    expect(written).toHaveLength(5);

    const after = new Map(
      (await env.db.delivery.findMany({ where: { publicationId: publication.id } })).map((row) => [
        row.id,
        row,
      ]),
    );
    expect(after.get(sent!.id)).toMatchObject({
      status: 'sent',
      providerMessageId: 'm-1',
      claimedBy: null,
    });
    expect(after.get(failed!.id)).toMatchObject({ status: 'failed', failureReason: 'http_400' });
    expect(after.get(retried!.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(after.get(retried!.id)!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(after.get(released!.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(after.get(retaken!.id)).toMatchObject({ status: 'sending', claimedBy: 'someone-else' });
  });
});
