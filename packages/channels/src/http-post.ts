import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { parseRetryAfter } from './retry-after';
import { permanentFailure, transientFailure } from './channel-adapter';
import {
  TargetRefusedError,
  guardedLookup,
  refusedHost,
  targetRefusedFailure,
  type Resolver,
} from './network/guarded-lookup';
import type { TargetPolicy } from './network/target-policy';

export interface HttpAnswer {
  status: number;
  /** A response header (lower-case name), first value. */
  header(name: string): string | undefined;
  body: string;
}

const USER_AGENT = 'publishing-worker/1';
const MAX_ERROR_BODY = 200;
/** Response bodies are only read for error messages and ids: anything past this is dropped. */
const MAX_RESPONSE_BODY = 64 * 1024;

/**
 * JSON POSTs over node:http with keep-alive connection pools (one client per worker). Not fetch:
 * its web-stream machinery costs several times more CPU per request at thousands per second.
 * Every new connection goes through the target policy: names are resolved once, every address
 * checked, and the socket connects to the checked addresses (TLS still verifies the name).
 */
export class HttpClient {
  private readonly agents: { http: HttpAgent; https: HttpsAgent };

  constructor(
    private readonly policy: TargetPolicy,
    resolve?: Resolver,
  ) {
    const options = {
      keepAlive: true,
      maxSockets: 256,
      scheduling: 'lifo' as const,
      lookup: guardedLookup(policy, resolve),
    };
    this.agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
  }

  /**
   * POSTs a JSON body and classifies the outcome: 2xx resolves; 408, 425, 429 and 5xx are
   * transient (with the server's `Retry-After`); any other status, redirects included (they are
   * not followed), is permanent; a timeout or a network error is transient; a target the policy
   * refuses is permanent (`target_not_allowed`). Messages never contain the URL (webhook URLs
   * carry their tokens in the path), at most its host.
   */
  async postJson(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<HttpAnswer> {
    const refused = refusedHost(new URL(url).hostname, this.policy);
    if (refused) throw targetRefusedFailure(refused);
    const answer = await exchange(this.agents, url, body, headers, timeoutMs);
    if (answer.status >= 200 && answer.status < 300) return answer;
    const detail = `the endpoint answered HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, MAX_ERROR_BODY)}` : ''}`;
    const reason = `http_${answer.status}`;
    if (isTransientStatus(answer.status)) {
      throw transientFailure(
        reason,
        detail,
        parseRetryAfter(answer.header('retry-after')),
        answer.status,
      );
    }
    throw permanentFailure(reason, detail, answer.status);
  }

  /** Closes pooled connections (call once no request is in flight). */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function exchange(
  agents: { http: HttpAgent; https: HttpsAgent },
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const payload = Buffer.from(body, 'utf8');
    let settled = false;
    const finish = (error: unknown, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (answer) resolve(answer);
      else reject(networkFailure(error, timeoutMs));
    };
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': payload.length,
          'user-agent': USER_AGENT,
        },
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BODY) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('error', (error) => finish(error));
        response.on('end', () => {
          const responseHeaders = response.headers;
          finish(undefined, {
            status: response.statusCode ?? 0,
            header: (name) => {
              const value = responseHeaders[name.toLowerCase()];
              return Array.isArray(value) ? value[0] : value;
            },
            body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BODY),
          });
        });
      },
    );
    const timer = setTimeout(() => {
      const error = new TimeoutError(timeoutMs);
      finish(error);
      request.destroy(error);
    }, timeoutMs);
    request.on('error', (error) => finish(error));
    request.end(payload);
  });
}

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

function networkFailure(error: unknown, timeoutMs: number) {
  if (error instanceof TimeoutError) {
    return transientFailure('timeout', `no answer within ${timeoutMs} ms`);
  }
  if (error instanceof TargetRefusedError) return targetRefusedFailure(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const detail =
    typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return transientFailure('network_error', `request failed: ${detail}`);
}
