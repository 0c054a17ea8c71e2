import {
  ArgumentsHost,
  Catch,
  HttpException,
  NotFoundException,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  DomainError,
  RequestValidationError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableError,
  type FieldError,
} from '../errors/domain-errors';
import { sendProblem } from '../errors/send-problem';
import { mapDatabaseUnavailable } from '../errors/database-unavailable';
import { problemDetails } from '../errors/problem-details';
import { mapPrismaError } from '../errors/prisma-errors';
import { RouteTable } from '../route-table';

interface Mapped {
  status: number;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  extensions?: Record<string, unknown>;
  /** Not an answer the API means to give (a bug, a fault below it): logged with its stack. */
  unexpected?: true;
}

/**
 * Every error, from any layer, leaves as `application/problem+json`; no stack trace ever does.
 * Expected outcomes (4xx, the documented 501/503) are answers, not errors: only an unexpected
 * failure is handed to the request log (`response.err`), which logs it at error level with its
 * stack, on the server side only.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly routes: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const mapped = this.map(exception, request);
    if (mapped.unexpected)
      response.err = exception instanceof Error ? exception : new Error(String(exception));
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(mapped.headers ?? {}))
      response.setHeader(name, value);
    sendProblem(
      response,
      problemDetails(mapped.status, mapped.detail, request, mapped.errors, mapped.extensions),
    );
  }

  private map(exception: unknown, request: Request): Mapped {
    if (exception instanceof RequestValidationError || exception instanceof UnprocessableError) {
      return { status: exception.status, detail: exception.message, errors: exception.errors };
    }
    if (exception instanceof UnauthorizedError) {
      return {
        status: 401,
        detail: exception.message,
        headers: { 'WWW-Authenticate': 'Bearer realm="publishing"' },
      };
    }
    if (exception instanceof TooManyRequestsError) {
      return {
        status: 429,
        detail: exception.message,
        headers: { 'Retry-After': String(exception.retryAfterSeconds) },
      };
    }
    if (exception instanceof ServiceUnavailableError)
      return { status: 503, detail: exception.message, extensions: exception.extensions };
    if (exception instanceof DomainError)
      return { status: exception.status, detail: exception.message };
    const unavailable = mapDatabaseUnavailable(exception);
    if (unavailable) return unavailable;
    const prisma = mapPrismaError(exception);
    if (prisma) return prisma;
    if (exception instanceof NotFoundException && this.isUnknownRoute(exception)) {
      const allowed = this.routes.methodsFor(request.path);
      if (allowed.length > 0) {
        return {
          status: 405,
          detail: `${request.method} is not allowed on ${request.path}; use ${allowed.join(', ')}.`,
          headers: { Allow: allowed.join(', ') },
        };
      }
      return { status: 404, detail: `No route matches ${request.method} ${request.path}.` };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception);
    const bodyParserStatus = clientErrorStatusOf(exception);
    if (bodyParserStatus === 413)
      return { status: 413, detail: 'The request body is larger than the allowed limit.' };
    if (bodyParserStatus !== undefined)
      return { status: bodyParserStatus, detail: 'The request body could not be read.' };
    return {
      status: 500,
      detail: 'An unexpected error occurred. Quote the traceId when reporting it.',
      unexpected: true,
    };
  }

  private isUnknownRoute(exception: NotFoundException): boolean {
    const body = exception.getResponse();
    const message =
      typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
    return typeof message === 'string' && message.startsWith('Cannot ');
  }

  private fromHttpException(exception: HttpException): Mapped {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message)
      ? message.join('; ')
      : typeof message === 'string'
        ? message
        : exception.message;
    if (status === 413)
      return { status, detail: 'The request body is larger than the allowed limit.' };
    if (status === 429)
      return {
        status,
        detail: 'Too many requests for this API key; retry after the time in Retry-After.',
      };
    if (status === 400 && /JSON/i.test(detail))
      return { status, detail: 'The request body is not valid JSON.' };
    return { status, detail };
  }
}

/** Express's body parser raises http-errors style errors (`status`, `expose`) before Nest sees the request. */
function clientErrorStatusOf(exception: unknown): number | undefined {
  const { status, expose } = (exception ?? {}) as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true
    ? status
    : undefined;
}
