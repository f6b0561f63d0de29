import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type EChartsType, init, use as registerParts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import type { HistoryChartOption } from './HistoryChartOption';

// Only what the history charts draw, so the page's chunk stays lean (no full `echarts` import).
registerParts([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface EChartProps {
  option: HistoryChartOption;
  /** What the chart shows, for screen readers. */
  label: string;
  testId: string;
}

/**
 * One ECharts canvas: created on mount, given each new option whole, resized with its box, disposed
 * on unmount. `data-rendered` turns true once ECharts has finished drawing.
 */
export function EChart({ option, label, testId }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    const container = element.current!;
    const instance = init(container, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => setRendered(true));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={element}
      className="echart"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-rendered={rendered}
    />
  );
}
