import { ThrottlerStorageService } from '@nestjs/throttler';
import fc from 'fast-check';
import { HitLogStorage } from './hit-log-storage';

describe('HitLogStorage', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it("answers every request as @nestjs/throttler's storage does", async () => {
    const step = fc.record({
      key: fc.constantFrom('key:a', 'key:b'),
      advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_500 })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(0, 3_000, 10_000),
        fc.array(step, { maxLength: 80 }),
        async (limit, blockDuration, steps) => {
          const library = new ThrottlerStorageService();
          const ours = new HitLogStorage();
          try {
            for (const { key, advanceMs } of steps) {
              jest.advanceTimersByTime(advanceMs);
              const expected = await library.increment(key, 5_000, limit, blockDuration, 'default');
              const actual = await ours.increment(key, 5_000, limit, blockDuration, 'default');
              expect(actual).toEqual(expected);
            }
          } finally {
            library.onApplicationShutdown();
            ours.onApplicationShutdown();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('forgets, within a minute, the keys whose window and hits have all expired', async () => {
    const storage = new HitLogStorage();
    await storage.increment('key:a', 1_000, 1, 0, 'default');
    jest.advanceTimersByTime(30_000);
    await storage.increment('key:b', 60_000, 1, 0, 'default');

    jest.advanceTimersByTime(30_000);

    expect(storage.size).toBe(1);
    storage.onApplicationShutdown();
  });
});
