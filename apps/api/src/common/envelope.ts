import {
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type INestApplication,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { requestWarningList } from './request-warnings';

export interface Envelope<T> {
  data: T;
  /** `warnings` only when there are any: what the request asked that was ignored. */
  meta: { timestamp: string; request_id: string; warnings?: string[] };
  errors: [];
}

export function toEnvelope<T>(data: T, requestId: string): Envelope<T> {
  const warnings = requestWarningList();
  return {
    data,
    meta: {
      timestamp: new Date().toISOString(),
      request_id: requestId,
      ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
    },
    errors: [],
  };
}

/** Responses whose handler answers something other than JSON data. */
const rawResponses = new WeakSet<object>();

@Injectable()
class MarkRawResponse implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    rawResponses.add(context.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}

/** The handler answers something other than JSON data (a GIF, a redirect, an HTML page). */
export const RawResponse = () => UseInterceptors(MarkRawResponse);

/**
 * Wraps every JSON result a handler returns in the legacy envelope
 * `{data, meta: {timestamp, request_id}, errors: []}`, unless the handler is a `@RawResponse()`.
 *
 * Done where Nest sends a handler's result rather than in a global interceptor: an interceptor
 * costs every request an RxJS pipeline and two `AsyncResource.bind`s. Errors do not pass here:
 * `ProblemDetailsFilter` answers them itself.
 */
export function envelopeHandlerResults(app: INestApplication): void {
  const adapter = app.getHttpAdapter();
  const reply = adapter.reply.bind(adapter);
  adapter.reply = (response: Response, body: unknown, statusCode?: number): unknown =>
    reply(
      response,
      // An error status comes from Nest's own exception filter, should it ever answer: no envelope.
      rawResponses.has(response) || (statusCode ?? 200) >= 400
        ? body
        : toEnvelope(body ?? null, (response.req as Request).correlationId),
      statusCode,
    );
}
