import { DomainError } from '../common/errors/domain-errors';

/** A click link this service did not sign, or whose parameters were changed after signing. */
export class InvalidTrackingSignatureError extends DomainError {
  readonly status = 403;
  constructor() {
    super(
      'This tracking link is not signed by this service or was altered; it is not followed (no open redirect).',
    );
  }
}
