import { PrismaPg } from '@prisma/adapter-pg';
import { connectionPoolStats, createPrismaClient, PrismaClient } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { createTestDatabase, type TestDatabase } from '../src/testing';

describe('connectionPoolStats', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ contents: 'empty' });
  });
  afterAll(() => database.drop());

  it('reads the pool under a client: open, idle, waiting and max, until it disconnects', async () => {
    const client = createPrismaClient(database.url, { maxConnections: 1 });
    try {
      expect(connectionPoolStats(client)).toEqual({ open: 0, idle: 0, waiting: 0, max: 1 });
      await client.$queryRaw`SELECT 1`;
      expect(connectionPoolStats(client)).toEqual({ open: 1, idle: 1, waiting: 0, max: 1 });

      // The one connection is held by the transaction: the next query waits for it.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inside: () => void = () => undefined;
      const entered = new Promise<void>((resolve) => (inside = resolve));
      const transaction = client.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        inside();
        await held;
      });
      await entered;
      // A Prisma query starts when awaited, not when built.
      const waiting = Promise.resolve(client.$queryRaw`SELECT 2`);
      await until(() => connectionPoolStats(client)?.waiting === 1);
      expect(connectionPoolStats(client)).toEqual({ open: 1, idle: 0, waiting: 1, max: 1 });
      release();
      await Promise.all([transaction, waiting]);
    } finally {
      await client.$disconnect();
    }
    expect(connectionPoolStats(client)).toMatchObject({ open: 0, waiting: 0 });
  });

  it("reads PrismaService's pool, and nothing for a client made elsewhere", async () => {
    const service = new PrismaService({ databaseUrl: database.url, maxConnections: 3 });
    try {
      await service.onModuleInit();
      expect(connectionPoolStats(service)).toEqual({ open: 1, idle: 1, waiting: 0, max: 3 });
    } finally {
      await service.onModuleDestroy();
    }
    const elsewhere = new PrismaClient({
      adapter: new PrismaPg({ connectionString: database.url }),
    });
    expect(connectionPoolStats(elsewhere)).toBeUndefined();
  });
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
