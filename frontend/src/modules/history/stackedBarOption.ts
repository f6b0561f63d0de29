import { SEVERITY_COLORS } from '@cityops/contracts';
import type { TranslateFn } from '../i18n/TranslateFn';
import type { HistoryChartOption } from './HistoryChartOption';
import type { severitySeries } from './severitySeries';

/**
 * A bar chart stacked by warning colour, one bar per label (`horizontal`: bars along x, the first
 * label on top, for ranked districts). Colours and names come from the severity scheme.
 */
export function stackedBarOption(
  data: ReturnType<typeof severitySeries>,
  labels: readonly string[],
  t: TranslateFn,
  horizontal = false,
): HistoryChartOption {
  const categoryAxis = {
    type: 'category' as const,
    data: [...labels],
    axisTick: { show: false },
    ...(horizontal ? { inverse: true } : {}),
  };
  const valueAxis = {
    type: 'value' as const,
    minInterval: 1,
    splitLine: { lineStyle: { color: '#e3e8f0' } },
  };
  return {
    animationDuration: 300,
    color: data.series.map((s) => SEVERITY_COLORS[s.severity]),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, itemWidth: 12, itemHeight: 10 },
    grid: { left: 8, right: 16, top: 32, bottom: 8 },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: data.series.map((s) => ({
      type: 'bar',
      name: t(`severity.${s.severity}`),
      stack: 'severity',
      barMaxWidth: 28,
      emphasis: { focus: 'series' },
      itemStyle: { color: SEVERITY_COLORS[s.severity] },
      data: s.data,
    })),
  };
}
