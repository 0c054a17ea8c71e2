import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EngagementPoint } from '../api/types';
import { ENGAGEMENT_SERIES } from './engagement-series';

export function drawEngagementChart(
  target: HTMLElement,
  points: EngagementPoint[],
  size: { width: number; height: number },
): uPlot {
  const data: uPlot.AlignedData = [
    points.map((point) => Date.parse(point.at) / 1000),
    ...ENGAGEMENT_SERIES.map((series) => points.map((point) => point[series.key])),
  ];
  return new uPlot(
    {
      ...size,
      series: [
        {},
        ...ENGAGEMENT_SERIES.map((series) => ({
          label: series.label,
          stroke: series.color,
          width: 2,
        })),
      ],
      axes: [{}, { label: 'Events' }],
    },
    data,
    target,
  );
}
