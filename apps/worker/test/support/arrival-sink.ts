import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * A webhook receiver in its own process, so a test that stalls its own event loop cannot delay
 * the receiver's clock: answers 204 and records, per path, when each request arrived
 * (milliseconds on its clock) and its `X-Publishing-Delivery` id.
 */
const RECEIVER = `
const { createServer } = require('node:http');
const arrivals = {};
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    (arrivals[request.url] ??= []).push({
      at: performance.timeOrigin + performance.now(),
      id: String(request.headers['x-publishing-delivery']),
    });
    response.writeHead(204);
    response.end();
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (path) => process.send({ arrivals: arrivals[path] ?? [] }));
process.on('disconnect', () => process.exit(0));
`;

export interface Arrival {
  at: number;
  id: string;
}

export class ArrivalSink {
  private child: ChildProcess | undefined;
  private port = 0;

  async start(): Promise<void> {
    this.child = spawn(process.execPath, ['-e', RECEIVER], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const [message] = (await once(this.child, 'message')) as [{ port: number }];
    this.port = message.port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async arrivals(path: string): Promise<Arrival[]> {
    const child = this.child!;
    const answer = once(child, 'message') as Promise<[{ arrivals: Arrival[] }]>;
    child.send(path);
    return (await answer)[0].arrivals;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.disconnect();
    await exited;
  }
}

/** The most arrivals within any `windowMs` (sliding: every window starting at an arrival). */
export function busiestWindow(arrivals: readonly Arrival[], windowMs: number): number {
  const times = arrivals.map((arrival) => arrival.at).sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < times.length; start += 1) {
    while (end < times.length && times[end]! < times[start]! + windowMs) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}
