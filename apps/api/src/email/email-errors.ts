import { DomainError } from '../common/errors/domain-errors';

/** The provider is configured but nothing in this build can send through it yet. */
export class EmailSendingNotImplementedError extends DomainError {
  readonly status = 501;
}
