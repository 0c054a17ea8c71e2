import { DomainError } from '../common/errors/domain-errors';

/** The channel exists but serves no feed (not an rss channel, or inactive). */
export class FeedNotFoundError extends DomainError {
  readonly status = 404;
}
