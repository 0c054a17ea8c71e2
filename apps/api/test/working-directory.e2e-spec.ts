import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { tmpdir } from 'node:os';
import { API_ROOT, startApiProcess } from './support/api-process';

describe('the built API, started from any working directory', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it.each([
    ['its package directory (pnpm --filter @publishing/api start)', API_ROOT],
    ['a directory outside the repository', tmpdir()],
  ])(
    'starts from %s with no MIGRATIONS_DIR, finds the history and prints where it listens',
    async (_where, cwd) => {
      const api = await startApiProcess(
        { DATABASE_URL: database.url, HOST: '127.0.0.1', API_BASE_URL: 'https://api.example.test' },
        cwd,
      );
      try {
        const listening = await api.waitForLine('saying where it listens', (line) =>
          line.msg.startsWith('Publishing API listening'),
        );

        expect(listening.msg).toContain(`listening on ${api.baseUrl} (bound address)`);
        expect(listening.msg).toContain('public URL https://api.example.test (API_BASE_URL');
        // Ready means the history it ships was found and the database is at its head.
        const ready = await fetch(`${api.baseUrl}/health/ready`);
        expect(ready.status, await ready.text()).toBe(200);
      } finally {
        expect(await api.stop()).toBe(0);
      }
    },
  );
});
