import {
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import { requestWarningList } from '../request-warnings';

const RAW_RESPONSE = 'publishing:raw-response';
/** The handler answers something other than JSON data (a GIF, a redirect, an HTML page). */
export const RawResponse = () => SetMetadata(RAW_RESPONSE, true);

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

/** Wraps every JSON result in the legacy envelope `{data, meta: {timestamp, request_id}, errors: []}`. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (
      this.reflector.getAllAndOverride<boolean>(RAW_RESPONSE, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return next.handle();
    }
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(map((data) => toEnvelope(data ?? null, request.correlationId)));
  }
}
