import { createInterface } from 'node:readline';
import { toEngineError } from './engine-error';

type RequestHandler = (
  method: string,
  params: Record<string, unknown> | undefined,
) => Promise<unknown>;

interface IncomingMessage {
  jsonrpc?: string;
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: unknown;
}

/**
 * JSON-RPC 2.0 over stdin/stdout, one message per line, as the Prisma CLI speaks to its schema
 * engine. Requests run one at a time in arrival order; the server can also send its own requests
 * (`print`) and await the CLI's answer.
 */
export class JsonRpcLineServer {
  private nextOutgoingId = 1_000_000;
  private readonly pendingOutgoing = new Map<number, () => void>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly handle: RequestHandler) {}

  /** Serves until stdin closes. */
  serve(): Promise<void> {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    lines.on('line', (line) => this.receive(line));
    return new Promise((resolve) => lines.on('close', () => void this.queue.then(resolve)));
  }

  request(method: string, params: unknown): Promise<void> {
    const id = this.nextOutgoingId++;
    return new Promise((resolve) => {
      this.pendingOutgoing.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  private receive(line: string): void {
    if (line.trim() === '') return;
    let message: IncomingMessage;
    try {
      message = JSON.parse(line) as IncomingMessage;
    } catch {
      this.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (message.method === undefined) {
      this.pendingOutgoing.get(Number(message.id))?.();
      this.pendingOutgoing.delete(Number(message.id));
      return;
    }
    const { id, method, params } = message;
    this.queue = this.queue.then(async () => {
      try {
        const result = await this.handle(method, params);
        this.send({ jsonrpc: '2.0', id, result: result ?? {} });
      } catch (error) {
        const engineError = toEngineError(error);
        this.send({
          jsonrpc: '2.0',
          id,
          error: {
            code: 4466,
            message: 'An error happened. Check the data field for details.',
            data: {
              is_panic: engineError.isPanic,
              message: engineError.message,
              error_code: engineError.errorCode,
              meta: engineError.meta,
            },
          },
        });
      }
    });
  }

  private send(message: unknown): void {
    process.stdout.write(`${JSON.stringify(message)}\n`);
  }
}
