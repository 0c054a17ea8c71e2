import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const API_ROOT = resolve(__dirname, '../..');

/** `node dist/main.js` (built by turbo before the tests) in `cwd`, with only `env` set. */
export class BuiltApi {
  private readonly child: ChildProcess;
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor(cwd: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [resolve(API_ROOT, 'dist/main.js')], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => (this.output += chunk.toString());
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  /** The first match of `pattern` in its output; fails when the process exits or time runs out. */
  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (exitCode !== undefined || Date.now() > deadline) {
        throw new Error(
          `${exitCode === undefined ? 'Timed out' : `Exited (${exitCode})`} before printing ${pattern}:\n${this.output}`,
        );
      }
      await new Promise((wait) => setTimeout(wait, 50));
    }
  }

  /** SIGTERM (a graceful stop), then its exit code. */
  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}
