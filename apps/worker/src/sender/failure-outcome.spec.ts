import { permanentFailure, transientFailure } from '@publishing/channels';
import type { ClaimedDelivery } from '../deliveries/claim-deliveries';
import { failureOutcome } from './failure-outcome';

const policy = { maxAttempts: 3, retryBaseMs: 1000, retryMaxMs: 60_000, random: () => 0.5 };

function attempt(attempts: number): ClaimedDelivery {
  return {
    id: 'delivery',
    publicationId: 'publication',
    subscriberId: 'subscriber',
    channelId: 'channel',
    attempts,
    email: 'reader@example.test',
    personalizationData: {},
  };
}

describe('failureOutcome', () => {
  it('fails a permanent error at once, with its reason', () => {
    expect(failureOutcome(attempt(1), permanentFailure('http_400', 'bad request'), policy)).toEqual(
      {
        id: 'delivery',
        publicationId: 'publication',
        kind: 'failed',
        reason: 'http_400',
        error: 'bad request',
      },
    );
  });

  it('retries a transient error after a jittered backoff while attempts are left', () => {
    const outcome = failureOutcome(attempt(2), transientFailure('http_503', 'busy'), policy);
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'http_503', error: 'busy' });
    // Full jitter over [0, base × 2^(attempt − 1)] = [0, 2000] ms, at 0.5.
    expect(outcome.kind === 'retry' && outcome.delayMs).toBe(1000);
  });

  it('gives up on a transient error at the last attempt, saying so', () => {
    expect(failureOutcome(attempt(3), transientFailure('timeout', 'slow'), policy)).toMatchObject({
      kind: 'failed',
      reason: 'timeout',
      error: 'gave up after 3 attempts (WORKER_MAX_ATTEMPTS): slow',
    });
  });
});
