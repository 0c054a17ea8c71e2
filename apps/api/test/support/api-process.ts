import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { unusedPort } from '@publishing/testing';

export const API_ROOT = resolve(__dirname, '../..');
const SIGNING_SECRET = 'api-process-test-signing-secret-0123456789';

export type LogLine = Record<string, unknown> & { level: string; msg: string };

/** The built API (turbo builds before tests), as a deployment runs it: JSON lines on stdout. */
export interface ApiProcess {
  baseUrl: string;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  /** stdout's log lines so far, parsed. */
  lines(): LogLine[];
  waitForLine(description: string, matches: (line: LogLine) => boolean): Promise<LogLine>;
  /** SIGTERM (a graceful stop); resolves with the exit code. */
  stop(): Promise<number | null>;
}

function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    SIGNING_SECRET,
    API_BASE_URL: 'https://api.publishing.test',
    // Files run side by side: one default metrics port would be taken by the first.
    METRICS_PORT: '0',
    ...env,
  };
}

function parseLines(stdout: string): LogLine[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Starts the API (in `cwd`, its package directory by default) and waits until it listens. */
export async function startApiProcess(
  env: Record<string, string>,
  cwd = API_ROOT,
): Promise<ApiProcess> {
  const port = await unusedPort();
  const child: ChildProcess = spawn(process.execPath, [resolve(API_ROOT, 'dist/main.js')], {
    cwd,
    env: environment({ PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const api: ApiProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => `${stdout}\n${stderr}`,
    lines: () => parseLines(stdout),
    waitForLine: async (description, matches) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const found = api.lines().find(matches);
        if (found) return found;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`No log line ${description}; output:\n${api.output()}`);
        await new Promise((next) => setTimeout(next, 25));
      }
    },
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  await api.waitForLine('saying the API listens', (line) =>
    line.msg.startsWith('Publishing API listening'),
  );
  return api;
}

/** Runs the API until it exits on its own (a start that fails). */
export async function runApiUntilExit(env: Record<string, string>) {
  const port = await unusedPort();
  const run = spawnSync(process.execPath, [resolve(API_ROOT, 'dist/main.js')], {
    cwd: API_ROOT,
    env: environment({ PORT: String(port), ...env }),
    encoding: 'utf8',
    // A start under CI's full load has taken over 30 s.
    timeout: 90_000,
  });
  return {
    code: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    lines: parseLines(run.stdout),
  };
}

/** A real API key, made by the real command. */
export function createApiKey(databaseUrl: string): string {
  const run = spawnSync(
    process.execPath,
    [resolve(API_ROOT, 'dist/cli/api-keys.js'), 'create', '--name', 'logging tests'],
    { cwd: API_ROOT, env: environment({ DATABASE_URL: databaseUrl }), encoding: 'utf8' },
  );
  const key = /pk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}/.exec(run.stdout + run.stderr)?.[0];
  if (!key) throw new Error(`api-key create printed no key:\n${run.stdout}\n${run.stderr}`);
  return key;
}
