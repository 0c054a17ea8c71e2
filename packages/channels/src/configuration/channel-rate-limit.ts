import type * as z from 'zod';
import { definitionOf } from '../definitions';
import { isPlainObject } from './configuration-error';

export interface ChannelRateLimit {
  ratePerSecond: number;
  burst: number;
}

/** Sends per second of a type this code does not know. */
const FALLBACK_RATE_PER_SECOND = 10;

/**
 * The limit of one channel: `rate_limit_per_second` and `rate_limit_burst` when they are valid
 * (the schema says what is), else the type's default rate and a burst of 1: sends evenly spaced,
 * so any window of w seconds holds at most floor(w × rate) + burst of them.
 */
export function channelRateLimit(type: string, configuration: unknown): ChannelRateLimit {
  const definition = definitionOf(type);
  const values = isPlainObject(configuration) ? configuration : {};
  const shape = definition?.schema.shape;
  const valid = (key: string): number | undefined => {
    const schema = shape?.[key] as z.ZodType | undefined;
    const parsed = schema?.safeParse(values[key]);
    return parsed?.success && typeof parsed.data === 'number' ? parsed.data : undefined;
  };
  const ratePerSecond =
    valid('rate_limit_per_second') ?? definition?.defaultRatePerSecond ?? FALLBACK_RATE_PER_SECOND;
  const burst = valid('rate_limit_burst') ?? 1;
  return { ratePerSecond, burst };
}
