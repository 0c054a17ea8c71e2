import type { ChannelResult } from '../api/types';

/** Percent of a channel's deliveries no longer pending, rounded down: 100 only once none is. */
export function deliveredPercent(result: Pick<ChannelResult, 'total' | 'pending'>): number {
  if (result.total <= 0) return 0;
  const done = Math.max(0, Math.min(result.total, result.total - result.pending));
  return Math.floor((done * 100) / result.total);
}
