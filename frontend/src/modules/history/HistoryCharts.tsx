import type { Domain, IncidentStats } from '@cityops/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { districtLabel } from '../i18n/districtLabel';
import { useI18n } from '../i18n/useI18n';
import { errorMessage } from '../ui/errorMessage';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use as registerParts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { EChart } from '../ui/EChart';
import { HistoryChartPanel } from './HistoryChartPanel';
import { severitySeries } from './severitySeries';
import { stackedBarOption } from './stackedBarOption';
import { topDistricts } from './topDistricts';

// Only what the history charts draw, so the page's chunk stays lean (no full `echarts` import).
registerParts([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface HistoryChartsProps {
  daily: UseQueryResult<IncidentStats>;
  byDomain: UseQueryResult<IncidentStats>;
  byDistrict: UseQueryResult<IncidentStats>;
  /** Every day of the range, quiet ones included. */
  days: readonly string[];
  /** The domains to show (those filtered on, else all). */
  domains: readonly Domain[];
}

/** Incidents per day stacked by warning colour; per domain; the districts with most incidents. */
export function HistoryCharts({ daily, byDomain, byDistrict, days, domains }: HistoryChartsProps) {
  const { t, locale } = useI18n();

  const dailyOption = useMemo(
    () =>
      daily.data
        ? stackedBarOption(
            severitySeries(daily.data.groups, days),
            days.map((day) => day.slice(5)),
            t,
          )
        : null,
    [daily.data, days, t],
  );
  const domainOption = useMemo(
    () =>
      byDomain.data
        ? stackedBarOption(
            severitySeries(byDomain.data.groups, domains),
            domains.map((domain) => t(`domain.${domain}`)),
            t,
          )
        : null,
    [byDomain.data, domains, t],
  );
  const districtOption = useMemo(() => {
    if (!byDistrict.data) return null;
    const codes = topDistricts(byDistrict.data.groups, 10);
    return codes.length
      ? stackedBarOption(
          severitySeries(byDistrict.data.groups, codes),
          codes.map((code) => districtLabel(code, locale) ?? code),
          t,
          true,
        )
      : null;
  }, [byDistrict.data, locale, t]);

  const body = (
    query: UseQueryResult<IncidentStats>,
    option: ReturnType<typeof stackedBarOption> | null,
    testId: string,
    label: string,
  ) => {
    if (query.isError)
      return (
        <p className="history-panel__note" role="alert">
          {errorMessage(query.error, t)}
        </p>
      );
    if (query.isPending) return <p className="history-panel__note">{t('incident.loading')}</p>;
    if (!option || query.data.total.total === 0)
      return (
        <p className="history-panel__note" data-testid={`${testId}-empty`}>
          {t('history.chart.empty')}
        </p>
      );
    return <EChart option={option} label={label} testId={testId} />;
  };

  return (
    <div className="history-charts">
      <HistoryChartPanel title={t('history.chart.daily')} className="history-panel--wide">
        {body(daily, dailyOption, 'history-chart-daily', t('history.chart.daily'))}
      </HistoryChartPanel>
      <HistoryChartPanel title={t('history.chart.domain')}>
        {body(byDomain, domainOption, 'history-chart-domain', t('history.chart.domain'))}
      </HistoryChartPanel>
      <HistoryChartPanel title={t('history.chart.district')}>
        {body(byDistrict, districtOption, 'history-chart-district', t('history.chart.district'))}
      </HistoryChartPanel>
    </div>
  );
}
