import { type ChannelPerformance, MIN_SAMPLE, recommend } from './performance-rules';

const channel = (overrides: Partial<ChannelPerformance>): ChannelPerformance => ({
  channel_id: 'c',
  name: 'Weekly',
  channel_type: 'email',
  is_active: true,
  sent: 0,
  failed: 0,
  unique_opens: 0,
  unique_clicks: 0,
  unsubscribes: 0,
  bounces: 0,
  complaints: 0,
  ...overrides,
});

describe('performance recommendations', () => {
  it('judges nothing below the minimum sample', () => {
    expect(recommend([channel({ sent: MIN_SAMPLE - 1 })]).map((r) => r.type)).toEqual([
      'insufficient_data',
    ]);
  });

  it('flags each rate past its threshold, worst first', () => {
    const found = recommend([
      channel({
        sent: 100,
        failed: 20,
        unique_opens: 10,
        unique_clicks: 0,
        bounces: 6,
        complaints: 1,
        unsubscribes: 3,
      }),
    ]);

    expect(found.map((r) => [r.type, r.value])).toEqual([
      ['delivery_failures', 0.1667],
      ['spam_complaints', 0.01],
      ['high_bounce_rate', 0.06],
      ['high_unsubscribe_rate', 0.03],
      ['low_open_rate', 0.1],
    ]);
  });

  it('has nothing to say about a healthy channel', () => {
    expect(recommend([channel({ sent: 100, unique_opens: 40, unique_clicks: 10 })])).toEqual([]);
  });
});
