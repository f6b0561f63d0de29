import { SEVERITY_COLORS } from '@cityops/contracts';
import type { CustomSeriesOption } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { formatDateTime } from '../i18n/formatDateTime';
import type { TranslateFn } from '../i18n/TranslateFn';
import type { Timeline } from './backtestTimeline';

/** The backtest chart's option: only the parts `BacktestChart` registers. */
export type BacktestChartOption = ComposeOption<
  | CustomSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | DataZoomComponentOption
>;

type RenderItem = NonNullable<CustomSeriesOption['renderItem']>;

/** Each segment as a bar from its start to its end on its asset's row. */
const renderSegment: RenderItem = (_params, api) => {
  const [x0, y] = api.coord([api.value(0), api.value(2)]) as [number, number];
  const [x1] = api.coord([api.value(1), api.value(2)]) as [number, number];
  const rowHeight = (api.size?.([0, 1]) as number[] | undefined)?.[1] ?? 16;
  const height = Math.max(4, Math.min(18, rowHeight * 0.6));
  return {
    type: 'rect',
    shape: { x: x0, y: y - height / 2, width: Math.max(2, x1 - x0), height },
    style: api.style(),
  };
};

/** Row height in pixels; the chart grows with the number of assets. */
export const TIMELINE_ROW_PX = 26;

/** The chart's height for a timeline: room for the rows, the legend and the time axis. */
export function timelineHeight(timeline: Timeline): number {
  return Math.max(160, 90 + timeline.rows.length * TIMELINE_ROW_PX);
}

/**
 * A Gantt-like timeline: one row per asset, each incident a bar across the time it was open,
 * coloured by its severity as it changed; times in the display zone.
 */
export function backtestChartOption(
  timeline: Timeline,
  t: TranslateFn,
  timeZone: string,
): BacktestChartOption {
  return {
    animationDuration: 300,
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const item = Array.isArray(params) ? params[0] : params;
        const value = (item?.value ?? []) as number[];
        const row = timeline.rows[value[2] ?? 0] ?? '';
        return `${row}<br/>${item?.seriesName ?? ''}：${formatDateTime(value[0] ?? 0, 'short', timeZone)} – ${formatDateTime(value[1] ?? 0, 'short', timeZone)}`;
      },
    },
    legend: { top: 0, itemWidth: 12, itemHeight: 10 },
    grid: { left: 8, right: 24, top: 32, bottom: 48, containLabel: true },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' },
      { type: 'slider', xAxisIndex: 0, height: 16, bottom: 8, filterMode: 'weakFilter' },
    ],
    xAxis: {
      type: 'time',
      min: timeline.from,
      max: timeline.to,
      axisLabel: { formatter: (value: number) => formatDateTime(value, 'short', timeZone) },
      splitLine: { show: true, lineStyle: { color: '#e3e8f0' } },
    },
    yAxis: {
      type: 'category',
      data: timeline.rows,
      inverse: true,
      axisTick: { show: false },
    },
    series: timeline.bySeverity.map(({ severity, segments }) => ({
      type: 'custom',
      name: t(`severity.${severity}`),
      renderItem: renderSegment,
      itemStyle: { color: SEVERITY_COLORS[severity] },
      encode: { x: [0, 1], y: 2 },
      data: segments.map((segment) => [segment.start, segment.end, segment.row, segment.incident]),
    })),
  };
}
