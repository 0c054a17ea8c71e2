import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EngagementTimeline } from '../api/types';
import { engagementChartData, engagementChartOptions } from './chart-options';

export function drawEngagementChart(
  target: HTMLElement,
  timeline: EngagementTimeline,
  size: { width: number; height: number },
): uPlot {
  return new uPlot(engagementChartOptions(timeline, size), engagementChartData(timeline), target);
}
