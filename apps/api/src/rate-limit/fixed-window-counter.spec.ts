import { FixedWindowCounter } from './fixed-window-counter';

describe('FixedWindowCounter', () => {
  it('counts per client; peek counts nothing', () => {
    const counter = new FixedWindowCounter(60_000);

    expect(counter.peek('a').count).toBe(0);
    expect(counter.add('a').count).toBe(1);
    expect(counter.add('a').count).toBe(2);
    expect(counter.add('b').count).toBe(1);
    expect(counter.peek('a').count).toBe(2);
  });

  it('says when the window ends, in whole seconds', () => {
    const counter = new FixedWindowCounter(60_000);
    const { retryAfterSeconds } = counter.add('a');

    expect(retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
  });
});
