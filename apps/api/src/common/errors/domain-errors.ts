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
