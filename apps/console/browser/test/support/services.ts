import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const REPOSITORY_ROOT = resolve(__dirname, '../../../../..');

export interface Service {
  name: string;
  /** Everything it wrote, stdout and stderr, for a failure message. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** A built Node entry point of this repository (`apps/api/dist/main.js`, …), as a deployment runs it. */
export function startService(name: string, script: string, env: NodeJS.ProcessEnv): Service {
  const child: ChildProcess = spawn(process.execPath, [resolve(REPOSITORY_ROOT, script)], {
    cwd: REPOSITORY_ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    name,
    output: () => output,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a built CLI of this repository to its end; its stdout, or an error with its output. */
export function runCli(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(REPOSITORY_ROOT, script), ...args], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? done(stdout) : fail(new Error(`${script} exited ${code}:\n${stdout}${stderr}`)),
    );
  });
}

/** Polls `url` until it answers 200. */
export async function untilOk(url: string, service: Service, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String((error as { cause?: unknown }).cause ?? error);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(
    `${url} did not answer 200 in ${timeoutMs} ms (last: ${last}):\n${service.output()}`,
  );
}
