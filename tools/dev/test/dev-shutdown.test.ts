import { occupiedPort, scrapeMetrics, unusedPort } from '@publishing/testing';
import { runningEmbeddedServerUrl } from '@publishing/db/postgres';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Client } from 'pg';
import {
  ForegroundJob,
  isAlive,
  listProcesses,
  run,
  waitUntil,
  type Finished,
  type ProcessInfo,
} from './support/processes';
import {
  localCommandSandbox,
  REPOSITORY_ROOT,
  type LocalCommandSandbox,
} from './support/local-commands';

const STARTS_WITHIN_MS = 4 * 60_000;

/** Three ports nothing listens on, all different. */
async function threeUnusedPorts(): Promise<[number, number, number]> {
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await unusedPort());
  return [...ports] as [number, number, number];
}

/** The processes of a running `pnpm dev`, found by what they run. */
async function devProcesses(sandbox: LocalCommandSandbox, launcherGroup: number) {
  const processes = await listProcesses();
  const launcher = processes.find(
    (entry) => entry.pgid === launcherGroup && entry.args.includes('local-command.cjs dev'),
  );
  const childOfLauncher = (script: string) =>
    processes.find((entry) => entry.ppid === launcher?.pid && entry.args.includes(script));
  return {
    launcher,
    api: childOfLauncher('apps/api/dist/main.js'),
    worker: childOfLauncher('apps/worker/dist/main.js'),
    keeper: childOfLauncher('postgres-keeper.cjs'),
    postgres: processes.filter((entry) => entry.args.includes(`-D ${sandbox.dataDir}`)),
  };
}

async function leftoversOf(sandbox: LocalCommandSandbox, pids: number[]): Promise<ProcessInfo[]> {
  return (await listProcesses()).filter(
    (entry) => pids.includes(entry.pid) || entry.args.includes(sandbox.dataDir),
  );
}

function killAll(processes: ProcessInfo[]): void {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

async function untilReady(dev: ForegroundJob, port: number): Promise<void> {
  const ready = waitUntil(async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
    return response?.status === 200;
  });
  const exitedEarly = dev.finished.then((result) => {
    throw new Error(`pnpm dev exited (${result.code}) before it was ready:\n${result.stderr}`);
  });
  await Promise.race([ready, exitedEarly]);
}

interface RequestInFlight {
  /** Sends the rest of the body; resolves with the answer. */
  finish(): Promise<{ status: number | undefined; body: string }>;
  abandon(): void;
}

/**
 * A channel creation the API has accepted (it answered "100 Continue") but whose body is not all
 * sent yet: in flight until `finish()`.
 */
async function channelCreationInFlight(
  port: number,
  headers: Record<string, string> = {},
): Promise<RequestInFlight> {
  const body = JSON.stringify({ name: 'created during shutdown', channel_type: 'rss' });
  const request = httpRequest({
    port,
    host: '127.0.0.1',
    method: 'POST',
    path: '/api/v1/channels',
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      expect: '100-continue',
    },
  });
  const answer = new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response: IncomingMessage) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode, body: text }));
    });
  });
  answer.catch(() => undefined);
  await new Promise((accepted) => request.once('continue', accepted));
  request.write(body.slice(0, 10));
  return {
    finish: () => {
      request.end(body.slice(10));
      return answer;
    },
    abandon: () => request.destroy(),
  };
}

function lines(result: Finished, pattern: RegExp): string[] {
  return `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => pattern.test(line));
}

describe('pnpm dev', () => {
  let sandbox: LocalCommandSandbox;
  let dev: ForegroundJob | undefined;
  let started: number[] = [];
  afterEach(async () => {
    dev?.kill();
    killAll(await leftoversOf(sandbox, started));
    await sandbox.remove();
  });

  it(
    'on Ctrl-C stops the API and the worker gracefully, then PostgreSQL, and exits 0',
    async () => {
      const [port, apiMetricsPort, workerMetricsPort] = await threeUnusedPorts();
      sandbox = localCommandSandbox({
        PORT: String(port),
        METRICS_PORT: String(apiMetricsPort),
        WORKER_METRICS_PORT: String(workerMetricsPort),
        LOG_LEVEL: 'info',
        HOST: undefined,
      });
      dev = new ForegroundJob('pnpm', ['dev'], { cwd: REPOSITORY_ROOT, env: sandbox.env });
      await untilReady(dev, port);
      // This machine only: the address the API bound, as it prints it.
      await dev.waitForStdout(new RegExp(`listening on http://127\\.0\\.0\\.1:${port} `));
      // The console was built with the rest, and the API serves it.
      const consolePage = await fetch(`http://127.0.0.1:${port}/console/`);
      expect(consolePage.status).toBe(200);
      expect(await consolePage.text()).toMatch(
        /<script type="module"[^>]*src="\/console\/assets\//,
      );
      const running = await devProcesses(sandbox, dev.process.pid!);
      const { api, worker, keeper, postgres } = running;
      started = [api, worker, keeper, ...postgres].flatMap((entry) => (entry ? [entry.pid] : []));
      expect(api && worker && keeper, JSON.stringify(running)).toBeTruthy();
      expect(postgres.length).toBeGreaterThan(0);
      // A terminal's Ctrl-C goes to its foreground process group: PostgreSQL must not be in it.
      for (const entry of postgres) expect(entry.pgid).not.toBe(dev.process.pid);

      // Both serve Prometheus metrics on their own ports; the API counted the readiness polls.
      const apiMetrics = await scrapeMetrics(`http://127.0.0.1:${apiMetricsPort}/metrics`);
      expect(
        apiMetrics.value('publishing_api_http_requests_total', {
          method: 'GET',
          route: '/health/ready',
          status_code: '200',
        }),
      ).toBeGreaterThanOrEqual(1);
      const workerUrl = `http://127.0.0.1:${workerMetricsPort}/metrics`;
      await waitUntil(() =>
        fetch(workerUrl).then(
          ({ ok }) => ok,
          () => false,
        ),
      );
      const workerMetrics = await scrapeMetrics(workerUrl);
      expect(workerMetrics.value('publishing_worker_queue_depth', { state: 'due' })).toBe(0);
      expect(workerMetrics.value('publishing_worker_db_pool_max_connections')).toBe(5);

      // Another local command meanwhile uses the same, running, PostgreSQL.
      const keyCreation = await run('pnpm', ['api-key', 'create', '--name', 'shutdown', '--json'], {
        cwd: REPOSITORY_ROOT,
        env: sandbox.env,
      });
      expect(keyCreation.stderr).toMatch(/embedded PostgreSQL already running/);
      const { key } = JSON.parse(keyCreation.stdout) as { key: string };
      const creation = await channelCreationInFlight(port, { authorization: `Bearer ${key}` });

      // Held open across the shutdown: PostgreSQL ends it when it stops, which must come last.
      const probe = new Client({ connectionString: runningEmbeddedServerUrl(sandbox.dataDir) });
      await probe.connect();
      const atDatabaseShutdown = new Promise<{ api: boolean; worker: boolean }>((resolve) => {
        const record = () => resolve({ api: isAlive(api!.pid), worker: isAlive(worker!.pid) });
        probe.on('error', record);
        probe.on('end', record);
      });

      dev.interrupt('SIGINT');
      await dev.waitForStdout(/SIGINT: finishing the requests in flight/);
      await dev.waitForStdout(/\(publishing-worker\): worker stopped/);
      const created = await creation.finish();
      const result = await dev.finished;
      expect(result.stderr).toContain(`Console: http://localhost:${port}/console/`);

      expect(created.status, created.body).toBe(201);
      expect(await atDatabaseShutdown, 'still running when PostgreSQL stopped').toEqual({
        api: false,
        worker: false,
      });
      expect(result.code, result.stderr).toBe(0);
      const launcher = result.stderr.split('\n').filter((line) => line.startsWith('== '));
      const [stopping, firstStopped, secondStopped, ...database] = launcher.slice(-5);
      expect(stopping).toBe('== Stopping the API and the worker (Ctrl-C again: exit at once)');
      expect([firstStopped, secondStopped].sort()).toEqual([
        '== The API stopped',
        '== The worker stopped',
      ]);
      expect(database).toEqual([
        '== Stopping the embedded PostgreSQL',
        '== The embedded PostgreSQL stopped',
      ]);
      expect(
        lines(result, /\(publishing-worker\): stopping /),
        'one signal reached the worker',
      ).toHaveLength(1);
      expect(lines(result, /\(publishing-worker\): worker stopped/)).toHaveLength(1);
      expect(
        lines(
          result,
          /"level":"(error|warn)"|\bERROR\b|ELIFECYCLE|second signal|again: exiting now/,
        ),
      ).toEqual([]);
      expect(await leftoversOf(sandbox, started)).toEqual([]);
    },
    STARTS_WITHIN_MS + 60_000,
  );

  it(
    'when the API fails to start, stops the worker and PostgreSQL and exits non-zero',
    async () => {
      const { port, release } = await occupiedPort();
      try {
        sandbox = localCommandSandbox({ PORT: String(port) });
        dev = new ForegroundJob('pnpm', ['dev'], { cwd: REPOSITORY_ROOT, env: sandbox.env });
        const result = await dev.finished;

        expect(result.code).not.toBe(0);
        expect(result.stdout).toMatch(/FATAL \(publishing-api\): port \d+ is already in use/);
        const launcher = result.stderr.split('\n').filter((line) => line.startsWith('== '));
        expect(launcher.slice(-5)).toEqual([
          '== The API exited with code 1',
          '== Stopping the worker',
          expect.stringMatching(/^== The worker (stopped|was ended by SIGTERM)$/),
          '== Stopping the embedded PostgreSQL',
          '== The embedded PostgreSQL stopped',
        ]);
        expect(lines(result, /\bERROR \(publishing-/)).toEqual([]);
        expect(await leftoversOf(sandbox, [])).toEqual([]);
      } finally {
        await release();
      }
    },
    STARTS_WITHIN_MS,
  );

  /** `pnpm dev` with a request in flight, stopped by Ctrl-C, then by `second` before it is done. */
  async function stopTwice(second: NodeJS.Signals): Promise<Finished & { launcher: string[] }> {
    const port = await unusedPort();
    sandbox = localCommandSandbox({ PORT: String(port) });
    dev = new ForegroundJob('pnpm', ['dev'], { cwd: REPOSITORY_ROOT, env: sandbox.env });
    await untilReady(dev, port);
    const inFlight = await channelCreationInFlight(port);
    try {
      dev.interrupt('SIGINT');
      await dev.waitForStdout(/SIGINT: finishing the requests in flight/);
      dev.interrupt(second);
      const result = await dev.finished;
      const launcher = result.stderr.split('\n').filter((line) => line.startsWith('== '));
      return { ...result, launcher };
    } finally {
      inFlight.abandon();
    }
  }

  it(
    'on a second Ctrl-C exits at once, a request still in flight, and still stops PostgreSQL',
    async () => {
      const result = await stopTwice('SIGINT');

      expect(result.code).toBe(130);
      // pnpm passes a second Ctrl-C on as SIGINT and SIGTERM: the API exits on whichever it
      // handles first (a race under load), the launcher still reports the Ctrl-C.
      expect(result.stdout).toMatch(/SIG(INT|TERM) again: exiting now/);
      expect(result.launcher).toEqual(
        expect.arrayContaining([expect.stringMatching(/^== The API exited with code 1(30|43)$/)]),
      );
      expect(result.launcher.slice(-2)).toEqual([
        '== Stopping the embedded PostgreSQL',
        '== The embedded PostgreSQL stopped',
      ]);
      expect(await leftoversOf(sandbox, [])).toEqual([]);
    },
    STARTS_WITHIN_MS,
  );

  // What a second Ctrl-C comes to when pnpm's SIGTERM reaches the API before the terminal's
  // SIGINT (seen under load): the API exits 143, the launcher still exits as the stop began.
  it(
    'a Ctrl-C forced by a SIGTERM exits 130, as the stop began',
    async () => {
      const result = await stopTwice('SIGTERM');

      expect(result.stdout).toMatch(/SIGTERM again: exiting now/);
      expect(result.launcher).toContain('== The API exited with code 143');
      expect(result.code).toBe(130);
      expect(result.launcher.slice(-1)).toEqual(['== The embedded PostgreSQL stopped']);
      expect(await leftoversOf(sandbox, [])).toEqual([]);
    },
    STARTS_WITHIN_MS,
  );
});
