/** Errors services throw; `ProblemDetailsFilter` maps them to HTTP in one place. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(resource: string, id: string) {
    super(`${resource} ${id} not found.`);
  }
}

/** A path id that is no UUID: no resource can have it, so it is not found (as the old service said). */
export class MalformedIdError extends DomainError {
  readonly status = 404;
  constructor(parameter: string) {
    super(`Nothing has this ${parameter}: ids are UUIDs.`);
  }
}

/** A request the old service answered 400 and its clients expect so (not a validation error). */
export class BadRequestError extends DomainError {
  readonly status = 400;
}

export class ConflictError extends DomainError {
  readonly status = 409;
}

export interface FieldError {
  field: string;
  message: string;
}

/** The request is well-formed but refers to things that do not exist or cannot be used. */
export class UnprocessableError extends DomainError {
  readonly status = 422;
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class RequestValidationError extends DomainError {
  readonly status = 422;
  constructor(readonly errors: FieldError[]) {
    super(
      `Request validation failed: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}.`,
    );
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  /** Problem members beyond RFC 9457's, for clients that read more than `detail`. */
  constructor(
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
