import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemDetails } from '../errors/problem-details';
import { CORRELATION_HEADER } from '../middleware/correlation-id';

interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** Node's own answers to what its HTTP parser refuses, as problem details a client can act on. */
const ANSWERS: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    detail: 'The request headers are larger than the server accepts.',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    detail: 'The chunk extensions of the request body are larger than the server accepts.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request was not received in time.' },
};

const MALFORMED = {
  status: 400,
  detail:
    'The request is not valid HTTP (a control character in a header, a malformed request line or header).',
};

/**
 * Requests the HTTP parser refuses never reach Express, and Node answers them with a bare
 * plain-text 400. This answers them like every other error: problem+json with a correlation id.
 */
export function answerClientErrorsWithProblems(server: Server): void {
  server.on('clientError', (error: ParserError, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) {
      socket.destroy();
      return;
    }
    const { status, detail } = ANSWERS[error.code ?? ''] ?? MALFORMED;
    const correlationId = randomUUID();
    const path = requestPathOf(error.rawPacket);
    const problem = problemDetails(status, detail, { path: path ?? '', correlationId });
    const body = JSON.stringify(path === undefined ? { ...problem, instance: undefined } : problem);
    socket.end(
      [
        `HTTP/1.1 ${status} ${problem.title}`,
        `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        `${CORRELATION_HEADER}: ${correlationId}`,
        'X-Content-Type-Options: nosniff',
        'Cache-Control: no-store',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}

/** A keep-alive connection may fail while its previous response is still being written. */
function responseStarted(socket: Duplex): boolean {
  const current = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return current?.headersSent === true;
}

/** The request's path when its request line could be read, for `instance`; never the query. */
function requestPathOf(rawPacket: Buffer | undefined): string | undefined {
  const requestLine = rawPacket?.toString('latin1').split('\r\n', 1)[0] ?? '';
  const target = /^[A-Z]+ (\/[\x21-\x7e]*) HTTP\/1\.[01]$/.exec(requestLine)?.[1];
  return target?.split('?', 1)[0];
}
