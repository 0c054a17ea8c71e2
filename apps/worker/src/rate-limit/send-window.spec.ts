import { windowCapacityOf } from './send-window';

describe('windowCapacityOf', () => {
  it("is a second's worth of the limit: the rate plus the burst beyond the first send", () => {
    expect(windowCapacityOf({ ratePerSecond: 200, burst: 1 })).toBe(200);
    expect(windowCapacityOf({ ratePerSecond: 5, burst: 3 })).toBe(7);
  });

  it('lets at least one send through a second when the rate is below one per second', () => {
    expect(windowCapacityOf({ ratePerSecond: 0.5, burst: 1 })).toBe(1);
  });
});
