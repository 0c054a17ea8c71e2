import type uPlot from 'uplot';
import type { EngagementTimeline } from '../api/types';
import { ENGAGEMENT_SERIES } from './engagement-series';

const seconds = (instant: string) => Date.parse(instant) / 1000;

/**
 * The x scale spans the range the API answered for, [since, until), widened to the first bucket's
 * start: left to itself, uPlot stretches a single point's axis over years.
 */
export function timelineXRange(timeline: EngagementTimeline): [number, number] {
  const first = timeline.points[0];
  const since = seconds(timeline.since);
  return [first ? Math.min(since, seconds(first.at)) : since, seconds(timeline.until)];
}

export function engagementChartData(timeline: EngagementTimeline): uPlot.AlignedData {
  return [
    timeline.points.map((point) => seconds(point.at)),
    ...ENGAGEMENT_SERIES.map((series) => timeline.points.map((point) => point[series.key])),
  ];
}

export function engagementChartOptions(
  timeline: EngagementTimeline,
  size: { width: number; height: number },
): uPlot.Options {
  const [min, max] = timelineXRange(timeline);
  return {
    ...size,
    scales: { x: { time: true, range: [min, max] } },
    series: [
      {},
      ...ENGAGEMENT_SERIES.map((series) => ({
        label: series.label,
        stroke: series.color,
        width: 2,
      })),
    ],
    axes: [{}, { label: 'Events' }],
  };
}
