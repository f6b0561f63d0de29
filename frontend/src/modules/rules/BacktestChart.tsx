import type { BacktestResult } from '@cityops/contracts';
import { CustomChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import { use as registerParts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { EChart } from '../ui/EChart';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { backtestChartOption, timelineHeight } from './backtestChartOption';
import { backtestTimeline } from './backtestTimeline';

// Only what the timeline draws; this module is loaded lazily with the first result.
registerParts([
  CustomChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

/**
 * The incidents a backtest would have opened as a timeline per asset (severity colours, time in
 * the display zone). `data-rendered` turns true once ECharts has drawn it. Default export: lazy.
 */
export default function BacktestChart({ result }: { result: BacktestResult }) {
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const timeline = useMemo(() => backtestTimeline(result), [result]);
  const option = useMemo(() => backtestChartOption(timeline, t, timeZone), [timeline, t, timeZone]);
  return (
    <EChart
      option={option}
      label={t('admin.rules.backtest.chart')}
      testId="backtest-chart"
      style={{ height: timelineHeight(timeline) }}
    />
  );
}
