import type { IncidentStatsGroup } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { formatDuration } from './formatDuration';
import { formatRate } from './formatRate';

/** Count, MTTA, MTTR and sanitation time-limit compliance of the view (the statistics' total). */
export function HistoryKpis({ total }: { total: IncidentStatsGroup | undefined }) {
  const { t } = useI18n();
  const cases = total?.cases ?? null;
  const tiles = [
    {
      id: 'count',
      label: t('history.kpi.count'),
      value: total ? String(total.total) : '—',
      detail: total
        ? t('history.kpi.countDetail', {
            open: total.byStatus.open + total.byStatus.acknowledged,
            resolved: total.byStatus.resolved,
          })
        : '',
    },
    {
      id: 'mtta',
      label: t('history.kpi.mtta'),
      value: formatDuration(total?.mttaSeconds, t),
      detail: total ? t('history.kpi.over', { count: total.acknowledged }) : '',
    },
    {
      id: 'mttr',
      label: t('history.kpi.mttr'),
      value: formatDuration(total?.mttrSeconds, t),
      detail: total ? t('history.kpi.over', { count: total.resolved }) : '',
    },
    {
      id: 'compliance',
      label: t('history.kpi.compliance'),
      value: formatRate(cases?.onTimeRate),
      detail:
        !cases || cases.total === 0
          ? t('history.kpi.noCases')
          : cases.closed + cases.openPastDue === 0
            ? t('history.kpi.noneDue', { total: cases.total })
            : t('history.kpi.complianceDetail', {
                onTime: cases.closedOnTime,
                decided: cases.closed + cases.openPastDue,
              }),
    },
  ];
  return (
    <section className="history-kpis" aria-label={t('history.kpis')}>
      {tiles.map((tile) => (
        <div key={tile.id} className="history-kpi" data-testid={`history-kpi-${tile.id}`}>
          <span className="history-kpi__label">{tile.label}</span>
          <strong className="history-kpi__value kpi-number">{tile.value}</strong>
          <span className="history-kpi__detail">{tile.detail}</span>
        </div>
      ))}
    </section>
  );
}
