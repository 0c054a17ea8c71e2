import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { API_BASE_URL, SIGNING_SECRET, waitFor } from './support/fixtures';

const MAIN = resolve(__dirname, '../dist/main.js');

describe('the built worker, started outside the repository', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('runs in production from another working directory, and stops on SIGTERM', async () => {
    const worker = spawn(process.execPath, [MAIN], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        SIGNING_SECRET,
        API_BASE_URL,
        WORKER_METRICS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => worker.once('exit', done));

    await waitFor('the worker to start', () => output.includes('"msg":"worker started"'));
    worker.kill('SIGTERM');

    expect(await exited, output).toBe(0);
    expect(output).toContain('"msg":"worker stopped"');
  });
});
