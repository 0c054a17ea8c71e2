import { parseGoDuration } from './support/go-duration';

describe("Go's duration syntax (Compose durations)", () => {
  it('reads units, fractions, several terms and a sign, in seconds', () => {
    expect(parseGoDuration('60s')).toBe(60);
    expect(parseGoDuration('1m30s')).toBe(90);
    expect(parseGoDuration('1.5h')).toBe(5400);
    expect(parseGoDuration('300ms')).toBeCloseTo(0.3);
    expect(parseGoDuration('2us')).toBeCloseTo(2e-6);
    expect(parseGoDuration('-1m')).toBe(-60);
    expect(parseGoDuration('0')).toBe(0);
  });

  it('rejects what Go rejects: no unit, an unknown unit, blanks, nothing', () => {
    for (const text of ['60', '1d', '1 m', 's', '', '1m30', '.s'])
      expect(parseGoDuration(text), JSON.stringify(text)).toBeUndefined();
  });
});
