export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
 * Jitter"): after the n-th failed attempt wait a uniformly random time in
 * [0, min(maxMs, baseMs × 2^(n-1))]. Full jitter spreads the retries of a burst that failed
 * together (an endpoint that was down for everyone) instead of sending them back in lockstep.
 * A server's `Retry-After` is a floor: never retry sooner than it asked.
 */
export function retryDelayMs(
  policy: BackoffPolicy,
  failedAttempt: number,
  retryAfterMs = 0,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempt, 1) - 1, 52);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxMs));
}
