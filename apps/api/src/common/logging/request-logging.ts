import { serializeError, type Logger } from '@publishing/logging';
import type { NextFunction, Request, Response } from 'express';
import type { Params } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { routeTemplateOf } from '../route-template';

/** Probes (`/health`, `/health/live`, `/health/ready`) come every few seconds: debug, not info. */
const PROBE = /^\/health(\/|$)/;

/** The request logger as an injectable value: `configureApp` mounts it before anything can fail. */
export const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

export type RequestLogger = (request: Request, response: Response, next: NextFunction) => void;

/**
 * One line per request, and every line logged while serving it carries `correlation_id` (the
 * `X-Correlation-ID` the correlation-id middleware assigned).
 *
 * It is mounted by `configureApp`, right after that middleware, rather than by nestjs-pino
 * (which mounts it after the body parsers, and under the global prefix only): a body the parser
 * refuses, a Host header refused, a path outside `/api/v1` are requests too. nestjs-pino then only
 * binds each request's logger (`useExisting`) for the application's own lines.
 *
 * A request line names the method, the route template (`/api/v1/channels/:id`; the path for an
 * unknown route), the status and the duration; never a query string (unsubscribe tokens, click
 * signatures), a header or a body. Levels: `error` only for an unexpected failure (the exception
 * filter hands it over as `response.err`, logged with its stack), `warn` for the other 5xx (the
 * documented 501/503 answers), `info` for the rest, `debug` for probes.
 */
export function createRequestLogger(logger: Logger): RequestLogger {
  // pino-http is used for its logger only (its serializers, which the application's lines get
  // too): its middleware serializes every request for a child logger that is never used and adds
  // and removes three listeners, whatever the level.
  const httpLogger = pinoHttp<Request, Response>({ logger, serializers: { err: serializeError } })
    .logger as unknown as Logger;
  return (request, response, next) => {
    const started = Date.now();
    const log = httpLogger.child({ correlation_id: request.correlationId });
    request.id = request.correlationId;
    request.log = log;
    response.log = log;
    let done = false;
    const onDone = (error?: Error) => {
      if (done) return;
      done = true;
      logCompletion(log, request, response, error, Date.now() - started);
    };
    response.on('close', onDone);
    response.on('finish', onDone);
    response.on('error', onDone);
    next();
  };
}

function logCompletion(
  log: Logger,
  request: Request,
  response: Response,
  error: Error | undefined,
  duration_ms: number,
): void {
  const level = requestLogLevel(request, response, error);
  if (!log.isLevelEnabled(level)) return;
  const fields = { ...requestFields(request, response), duration_ms };
  // Only an unexpected failure (the filter's `response.err`) is "failed", with its stack.
  if (response.err === undefined) log[level](fields, 'request completed');
  else log[level]({ ...fields, err: error ?? response.err }, 'request failed');
}

/** nestjs-pino's settings: the application's lines go through `logger`, in the request's context. */
export function applicationLogging(logger: Logger): Params<Request, Response> {
  return { pinoHttp: { logger }, useExisting: true };
}

export function requestLogLevel(
  request: Request,
  response: Response,
  error?: Error,
): 'error' | 'warn' | 'info' | 'debug' {
  if (error !== undefined || response.err !== undefined) return 'error';
  if (PROBE.test(pathOf(request))) return 'debug';
  return response.statusCode >= 500 ? 'warn' : 'info';
}

function requestFields(request: Request, response: Response) {
  return { method: request.method, route: routeOf(request), status: response.statusCode };
}

/** The matched route's template, else the path; never the query string. */
function routeOf(request: Request): string {
  return routeTemplateOf(request) ?? pathOf(request);
}

function pathOf(request: Request): string {
  return request.originalUrl.split('?')[0] ?? '';
}
