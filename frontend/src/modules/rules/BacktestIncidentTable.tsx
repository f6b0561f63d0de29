import type { BacktestIncident } from '@cityops/contracts';
import { SeverityBadge } from '../incidents/SeverityBadge';
import { districtLabel } from '../i18n/districtLabel';
import { useI18n } from '../i18n/useI18n';
import { DataTable } from '../ui/DataTable';
import { useMinuteTime } from '../ui/useMinuteTime';

/** The incidents a backtest would have opened: asset, district, opened, resolved, peak. */
export function BacktestIncidentTable({ incidents }: { incidents: readonly BacktestIncident[] }) {
  const { t, locale } = useI18n();
  const time = useMinuteTime();
  return (
    <DataTable
      testId="backtest-table"
      emptyTestId="backtest-empty"
      columns={[
        { label: t('admin.rules.backtest.asset') },
        { label: t('admin.rules.backtest.district') },
        { label: t('admin.rules.backtest.opened') },
        { label: t('admin.rules.backtest.resolved') },
        { label: t('admin.rules.backtest.peak') },
        { label: t('admin.rules.backtest.transitions') },
      ]}
      empty={incidents.length === 0 ? t('admin.rules.backtest.none') : null}
    >
      {incidents.map((incident) => (
        <tr key={`${incident.key}|${incident.openedAt}`} data-testid="backtest-incident">
          <td className="admin-table__strong">
            {incident.assetName ?? incident.assetId}
            {incident.assetName ? <span className="admin-hint"> {incident.assetId}</span> : null}
          </td>
          <td>
            {incident.district
              ? (districtLabel(incident.district, locale) ?? incident.district)
              : t('admin.none')}
          </td>
          <td className="admin-table__time">{time(incident.openedAt)}</td>
          <td className="admin-table__time">
            {incident.resolvedAt ? time(incident.resolvedAt) : t('admin.rules.backtest.stillOpen')}
          </td>
          <td>
            <SeverityBadge severity={incident.peakSeverity} /> {incident.peakValue}
            {incident.flapping ? ` · ${t('admin.rules.backtest.flapping')}` : ''}
          </td>
          <td>{incident.transitionCount}</td>
        </tr>
      ))}
    </DataTable>
  );
}
