import { useEffect, useRef } from 'preact/hooks';
import type { EngagementTimeline } from '../api/types';

/**
 * The timeline drawn by uPlot on a canvas. uPlot is loaded when a chart is first shown, so the
 * pages without one do not carry it.
 */
export function EngagementChart({ timeline }: { timeline: EngagementTimeline }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let chart:
      | { destroy: () => void; setSize: (size: { width: number; height: number }) => void }
      | undefined;
    let cancelled = false;
    const observer = new ResizeObserver(() => chart?.setSize(sizeOf(element)));
    import('./uplot-chart')
      .then(({ drawEngagementChart }) => {
        if (cancelled) return;
        chart = drawEngagementChart(element, timeline, sizeOf(element));
        observer.observe(element);
      })
      // No chart (its chunk did not load, no canvas): the data table below still has every number.
      .catch(() => undefined);
    return () => {
      cancelled = true;
      observer.disconnect();
      chart?.destroy();
    };
  }, [timeline]);

  return <div ref={container} class="chart" role="img" aria-label="Engagement over time" />;
}

function sizeOf(element: HTMLElement) {
  const style = getComputedStyle(element);
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return { width: Math.max(240, element.clientWidth - padding), height: 260 };
}
