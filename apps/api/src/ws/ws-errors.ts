import { DomainError } from '../common/errors/domain-errors';

export class WebSocketsNotOfferedError extends DomainError {
  readonly status = 501;
}
