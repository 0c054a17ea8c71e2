import { ensureAndReadLedger, insertLedgerRow, readLedger, updateLedgerRow } from '../src/history';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { withClient } from './support/sql';

describe('the ledger rows, written with their values in the SQL text', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ contents: 'empty' });
  });
  afterAll(() => database.drop());

  it('stores quotes, backslashes and newlines as they are, and reads them back', async () => {
    const awkward = `it's a \\path\\ with "quotes";\n-- and a comment'); DROP TABLE x; --`;
    const startedAt = new Date('2026-12-02T14:22:49.123Z');

    const rows = await withClient(database.url, async (client) => {
      expect(await ensureAndReadLedger(client)).toEqual([]);
      const id = await insertLedgerRow(client, {
        migrationName: `20240101000000_${awkward}`.slice(0, 255),
        checksum: 'a'.repeat(64),
        startedAt,
        finished: false,
        appliedStepsCount: 0,
        logs: awkward,
      });
      await updateLedgerRow(client, id, { finished: true, appliedStepsCount: 3, logs: awkward });
      return readLedger(client);
    });

    expect(rows).toEqual([
      expect.objectContaining({
        migrationName: `20240101000000_${awkward}`,
        checksum: 'a'.repeat(64),
        startedAt,
        rolledBackAt: null,
        logs: awkward,
        appliedStepsCount: 3,
      }),
    ]);
    expect(rows[0]!.finishedAt).toBeInstanceOf(Date);
  });
});
