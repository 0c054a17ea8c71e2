import { UnprocessableError } from '../common/errors/domain-errors';
import { type EngagementRangeQueryDto } from './dto/engagement-query.dto';

/** `from`/`to` (validated as ISO-8601 by the DTO) as dates; an empty range is a 422. */
export function timeRange(range: EngagementRangeQueryDto): { from?: Date; to?: Date } {
  const from = range.from === undefined ? undefined : new Date(range.from);
  const to = range.to === undefined ? undefined : new Date(range.to);
  if (from && to && from.getTime() >= to.getTime()) {
    throw new UnprocessableError('The time range is empty.', [
      { field: 'to', message: 'must be later than from' },
    ]);
  }
  return { from, to };
}
