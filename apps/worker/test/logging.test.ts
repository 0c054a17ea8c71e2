import {
  createTestDatabase,
  createTestLoginRole,
  type TestDatabase,
  type TestLoginRole,
} from '@publishing/db/testing';
import { unusedPort } from '@publishing/testing';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';

const WORKER_MAIN = resolve(__dirname, '../dist/main.js');
const SSL_KEY_PASSWORD = `sslkey-${randomUUID()}`;

type LogLine = Record<string, unknown> & { level: string; msg: string };

interface WorkerRun {
  code: number | null;
  output: string;
  lines: LogLine[];
}

/**
 * The built worker (turbo builds before tests) as a deployment runs it; `stopWhen` sends SIGTERM
 * once a line matches, else the worker is expected to exit on its own.
 */
function runWorker(databaseUrl: string, stopWhen?: (line: LogLine) => boolean): Promise<WorkerRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        NODE_ENV: 'production',
        SIGNING_SECRET: 'worker-logging-test-signing-secret-0123456789',
        API_BASE_URL: 'https://api.publishing.test',
        WORKER_METRICS_PORT: '0',
        WORKER_POLL_INTERVAL_MS: '50',
        DATABASE_URL: databaseUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    const lines = () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine);
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`worker did not finish:\n${stdout}\n${stderr}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stopping && stopWhen && lines().some(stopWhen)) {
        stopping = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timeout);
      done({ code, output: `${stdout}\n${stderr}`, lines: lines() });
    });
  });
}

describe('the worker’s logs', () => {
  let role: TestLoginRole;
  const databases: TestDatabase[] = [];
  beforeAll(async () => {
    role = await createTestLoginRole();
  });
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
    await role.drop();
  });
  const database = async (contents: 'migrated' | 'empty') => {
    const created = await createTestDatabase({ contents });
    databases.push(created);
    return created;
  };

  it('tells an unreachable server, and does not send anyone to `pnpm migrate deploy`', async () => {
    const port = await unusedPort();
    const password = `pw-${randomUUID()}`;

    const run = await runWorker(
      `postgresql://app:${password}@127.0.0.1:${port}/publishing?password=${password}&sslpassword=${SSL_KEY_PASSWORD}`,
    );

    expect(run.code, run.output).toBe(1);
    expect(run.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        name: 'publishing-worker',
        msg: `database not usable: cannot reach the database server at 127.0.0.1:${port} (connection refused)`,
        fault: 'unreachable',
        hint: 'is PostgreSQL running? DATABASE_URL points there',
        database: `postgresql://app:***@127.0.0.1:${port}/publishing?password=***&sslpassword=***`,
      }),
    ]);
    expect(run.output).not.toMatch(/migrate deploy/);
    expect(run.output).not.toContain(password);
    expect(run.output).not.toContain(SSL_KEY_PASSWORD);
  });

  it('tells a database without its tables, and says to run `pnpm migrate deploy`', async () => {
    const empty = await database('empty');

    const run = await runWorker(role.urlWithSecrets(empty.url, SSL_KEY_PASSWORD));

    expect(run.code, run.output).toBe(1);
    expect(run.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: expect.stringMatching(
          new RegExp(`^database not usable: database "${empty.name}" on .+ is not migrated`),
        ) as unknown,
        fault: 'not-migrated',
        hint: 'run `pnpm migrate deploy`',
      }),
    ]);
    expect(run.output).not.toContain(role.password);
    expect(run.output).not.toContain(SSL_KEY_PASSWORD);
  });

  it('runs and stops on a migrated database without writing the password in any line', async () => {
    const migrated = await database('migrated');

    const run = await runWorker(
      role.urlWithSecrets(migrated.url, SSL_KEY_PASSWORD),
      (line) => line.msg === 'worker started',
    );

    expect(run.code, run.output).toBe(0);
    expect(run.lines.map((line) => line.msg)).toEqual([
      'worker started',
      'stopping',
      'worker stopped',
    ]);
    expect(run.lines.every((line) => typeof line.worker_id === 'string')).toBe(true);
    expect(run.output).not.toContain(role.password);
    expect(run.output).not.toContain(SSL_KEY_PASSWORD);
  });
});
