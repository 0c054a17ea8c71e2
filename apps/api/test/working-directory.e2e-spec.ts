import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { unusedPort } from '@publishing/testing';
import { tmpdir } from 'node:os';
import { API_ROOT, BuiltApi } from './support/built-api';

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
      const port = await unusedPort();
      const api = new BuiltApi(cwd, {
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: String(port),
        API_BASE_URL: 'https://api.example.test',
      });
      try {
        const [line] = await api.waitForOutput(/Publishing API listening on .*/);

        expect(line).toContain(`listening on http://127.0.0.1:${port} (bound address)`);
        expect(line).toContain('public URL https://api.example.test (API_BASE_URL');
        // Ready means the history it ships was found and the database is at its head.
        const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
        expect(ready.status, await ready.text()).toBe(200);
      } finally {
        expect(await api.stop()).toBe(0);
      }
    },
  );
});
