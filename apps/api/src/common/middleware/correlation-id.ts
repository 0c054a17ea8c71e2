import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'X-Correlation-ID';
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      correlationId: string;
    }
  }
}

/** Echoes a sane incoming X-Correlation-ID, or assigns a new UUID; on every response. */
export function correlationId(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.header(CORRELATION_HEADER);
  request.correlationId = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader(CORRELATION_HEADER, request.correlationId);
  next();
}
