import type { Incident } from '@cityops/contracts';
import { formatDateTime } from '../i18n/formatDateTime';
import { useI18n } from '../i18n/useI18n';
import { SeverityBadge } from '../incidents/SeverityBadge';
import { formatDuration } from './formatDuration';
import { incidentDurations } from './incidentDurations';

interface HandoverIncidentTableProps {
  incidents: readonly Incident[];
  timeZone: string;
  testId: string;
}

/** One section of the handover: when each incident opened, what it is, and who acknowledged and resolved it when. */
export function HandoverIncidentTable({ incidents, timeZone, testId }: HandoverIncidentTableProps) {
  const { t } = useI18n();
  const when = (at: string | null, by: string | null | undefined) =>
    at ? `${formatDateTime(at, 'full', timeZone).slice(5, 16)}${by ? ` ${by}` : ''}` : '—';
  if (incidents.length === 0)
    return (
      <p className="handover__none" data-testid={`${testId}-empty`}>
        {t('handover.none')}
      </p>
    );
  return (
    <table className="handover__table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('history.table.openedAt')}</th>
          <th scope="col">{t('history.severity')}</th>
          <th scope="col">{t('history.table.incident')}</th>
          <th scope="col">{t('history.status')}</th>
          <th scope="col">{t('handover.acknowledged')}</th>
          <th scope="col">{t('handover.resolved')}</th>
          <th scope="col">{t('history.table.ttr')}</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((incident) => (
          <tr key={incident.id} data-testid="handover-row" data-incident-id={incident.id}>
            <td className="handover__time">
              {formatDateTime(incident.openedAt, 'full', timeZone).slice(0, 16)}
            </td>
            <td>
              <SeverityBadge severity={incident.severity} compact />
            </td>
            <td>
              {incident.title}
              {incident.assetName ? (
                <span className="handover__asset">{incident.assetName}</span>
              ) : null}
            </td>
            <td>{t(`status.${incident.status}`)}</td>
            <td>{when(incident.acknowledgedAt, incident.acknowledgedBy)}</td>
            <td>{when(incident.resolvedAt, incident.resolvedBy)}</td>
            <td>{formatDuration(incidentDurations(incident).ttrSeconds, t)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
