import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A command started the way a shell starts a foreground job: the leader of a process group of its
 * own. `interrupt()` signals that whole group, which is what the terminal does on Ctrl-C.
 */
export class ForegroundJob {
  readonly process: ChildProcess;
  readonly finished: Promise<Finished>;
  private stdout = '';
  private stderr = '';

  constructor(command: string, args: string[], options: RunOptions) {
    this.process = spawn(command, args, { ...options, detached: true, stdio: 'pipe' });
    this.process.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.finished = new Promise((resolve, reject) => {
      this.process.once('error', reject);
      this.process.once('close', (code, signal) =>
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }),
      );
    });
  }

  /** Resolves once stdout matches `pattern`; fails as soon as the job ends without it. */
  async waitForStdout(pattern: RegExp): Promise<void> {
    let ended = false;
    this.finished.then(
      () => (ended = true),
      () => (ended = true),
    );
    await waitUntil(() => {
      if (pattern.test(this.stdout)) return true;
      if (ended) throw new Error(`Ended without printing ${pattern}:\n${this.stdout.slice(-3000)}`);
      return false;
    });
  }

  interrupt(signal: NodeJS.Signals = 'SIGINT'): void {
    process.kill(-this.process.pid!, signal);
  }

  /** Test clean-up: whatever is left of the job, killed outright. */
  kill(): void {
    try {
      process.kill(-this.process.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function run(command: string, args: string[], options: RunOptions): Promise<Finished> {
  return new ForegroundJob(command, args, options).finished;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  args: string;
}

/** Every process of the machine (`ps`, as on Linux and macOS). */
export async function listProcesses(): Promise<ProcessInfo[]> {
  const { stdout } = await promisify(execFile)('ps', ['-A', '-o', 'pid=,ppid=,pgid=,args=']);
  return stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, pid, ppid, pgid, args]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      pgid: Number(pgid),
      args: args!,
    }));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls `check` until it holds; no timing is asserted, the test's own timeout bounds the wait. */
export async function waitUntil(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 250));
}
