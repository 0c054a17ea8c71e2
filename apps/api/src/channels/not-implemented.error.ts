import { DomainError } from '../common/errors/domain-errors';

/** The operation exists in the contract but this build cannot perform it yet (501). */
export class NotImplementedError extends DomainError {
  readonly status = 501;
}
