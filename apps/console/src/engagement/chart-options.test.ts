import { describe, expect, it } from 'vitest';
import type { EngagementPoint, EngagementTimeline } from '../api/types';
import { engagementChartData, engagementChartOptions } from './chart-options';

const SIZE = { width: 600, height: 260 };
const seconds = (instant: string) => Date.parse(instant) / 1000;

function point(at: string, opens = 1): EngagementPoint {
  return { at, opens, unique_opens: opens, clicks: 0, unique_clicks: 0, unsubscribes: 0 };
}

function timeline(overrides: Partial<EngagementTimeline>): EngagementTimeline {
  return {
    publication_id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    bucket: 'hour',
    since: '2026-12-02T09:00:00.000Z',
    until: '2026-12-02T10:00:00.000Z',
    points: [],
    ...overrides,
  };
}

describe('the engagement chart options', () => {
  it('spans the x scale over the answered range, not years, for a single hourly point', () => {
    const single = timeline({
      since: '2026-12-02T09:00:00.000Z',
      until: '2026-12-02T10:00:00.000Z',
      points: [point('2026-12-02T09:00:00.000Z', 5)],
    });

    const options = engagementChartOptions(single, SIZE);

    expect(options.scales?.x).toEqual({
      time: true,
      range: [seconds('2026-12-02T09:00:00.000Z'), seconds('2026-12-02T10:00:00.000Z')],
    });
    expect(engagementChartData(single)).toEqual([
      [seconds('2026-12-02T09:00:00.000Z')],
      [5],
      [5],
      [0],
      [0],
      [0],
    ]);
  });

  it('starts the x scale at the first bucket when since falls inside it', () => {
    const options = engagementChartOptions(
      timeline({
        since: '2026-12-02T09:12:30.000Z',
        until: '2026-12-02T11:05:00.000Z',
        points: [point('2026-12-02T09:00:00.000Z'), point('2026-12-02T10:00:00.000Z')],
      }),
      SIZE,
    );

    expect(options.scales?.x?.range).toEqual([
      seconds('2026-12-02T09:00:00.000Z'),
      seconds('2026-12-02T11:05:00.000Z'),
    ]);
  });

  it('keeps the answered range when there are no points', () => {
    const options = engagementChartOptions(
      timeline({ since: '2026-11-01T00:00:00.000Z', until: '2026-11-08T00:00:00.000Z' }),
      SIZE,
    );

    expect(options.scales?.x?.range).toEqual([
      seconds('2026-11-01T00:00:00.000Z'),
      seconds('2026-11-08T00:00:00.000Z'),
    ]);
  });

  it('names each series in the order of the data table', () => {
    const options = engagementChartOptions(timeline({}), SIZE);

    expect(options.series.map((series) => series.label)).toEqual([
      undefined,
      'Opens',
      'Unique opens',
      'Clicks',
      'Unique clicks',
      'Unsubscribes',
    ]);
    expect(options).toMatchObject(SIZE);
  });
});
