import { type EChartsCoreOption, type EChartsType, init } from 'echarts/core';
import { type CSSProperties, useEffect, useRef, useState } from 'react';

interface EChartProps {
  /** Only parts the caller registered (`use` from echarts/core) may appear: no full `echarts` import. */
  option: EChartsCoreOption;
  /** What the chart shows, for screen readers. */
  label: string;
  testId: string;
  style?: CSSProperties;
}

/**
 * One ECharts canvas: created on mount, given each new option whole, resized with its box, disposed
 * on unmount. `data-rendered` turns true once ECharts has finished drawing.
 */
export function EChart({ option, label, testId, style }: EChartProps) {
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
      style={style}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-rendered={rendered}
    />
  );
}
