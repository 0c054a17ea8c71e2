import { EventEmitter } from 'node:events';
import { createLogger, type LogLevel } from '@publishing/logging';
import type { Request, Response } from 'express';
import { createRequestLogger } from './request-logging';

function loggerAt(level: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: 'test',
    level,
    environment: 'test',
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { lines, requestLogger: createRequestLogger(logger) };
}

function exchange(statusCode: number) {
  const request = {
    correlationId: 'corr-1',
    method: 'GET',
    originalUrl: '/api/v1/channels/7?token=secret',
    route: { path: '/api/v1/channels/:id', methods: { get: true } },
  } as unknown as Request;
  const response = Object.assign(new EventEmitter(), { statusCode }) as unknown as Response;
  return { request, response };
}

describe('createRequestLogger', () => {
  it('logs one info line per request: method, route template, status, duration, correlation id', () => {
    const { lines, requestLogger } = loggerAt('info');
    const { request, response } = exchange(200);
    requestLogger(request, response, () => undefined);
    response.emit('finish');
    response.emit('close');

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'request completed',
        correlation_id: 'corr-1',
        method: 'GET',
        route: '/api/v1/channels/:id',
        status: 200,
        duration_ms: expect.any(Number),
      }),
    ]);
    expect(request.log).toBe(response.log);
  });

  it('writes nothing for a 2xx below its level, and a 5xx as a warning', () => {
    const { lines, requestLogger } = loggerAt('warn');
    const ok = exchange(200);
    requestLogger(ok.request, ok.response, () => undefined);
    ok.response.emit('finish');
    const unavailable = exchange(503);
    requestLogger(unavailable.request, unavailable.response, () => undefined);
    unavailable.response.emit('finish');

    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'request completed', status: 503 }),
    ]);
  });

  it('logs a request the client abandoned, once', () => {
    const { lines, requestLogger } = loggerAt('info');
    const { request, response } = exchange(200);
    requestLogger(request, response, () => undefined);
    response.emit('close');
    response.emit('finish');

    expect(lines).toHaveLength(1);
  });
});
