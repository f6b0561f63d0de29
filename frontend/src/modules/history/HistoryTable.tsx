import type { Incident } from '@cityops/contracts';
import { Link } from 'react-router';
import { districtLabel } from '../i18n/districtLabel';
import { formatDateTime } from '../i18n/formatDateTime';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { SeverityBadge } from '../incidents/SeverityBadge';
import { DataTable } from '../ui/DataTable';
import { formatDuration } from './formatDuration';
import { handledByText } from './handledByText';
import { incidentDurations } from './incidentDurations';

interface HistoryTableProps {
  incidents: readonly Incident[];
  /** The text instead of rows: loading, empty or an error. */
  emptyText: string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** A row was clicked (or Enter pressed on it). */
  onOpen: (id: string) => void;
}

/** The filtered incidents, newest first: times in the city's zone, TTA/TTR, who handled them. */
export function HistoryTable({
  incidents,
  emptyText,
  hasMore,
  loadingMore,
  onLoadMore,
  onOpen,
}: HistoryTableProps) {
  const { t, locale } = useI18n();
  const timeZone = useTimeZone();
  return (
    <section className="history-panel history-table-panel">
      <header className="panel-header">
        <h2 className="history-panel__title">{t('history.table.title')}</h2>
        <span className="panel-header__meta" data-testid="history-table-count">
          {t('history.table.shown', { count: incidents.length })}
        </span>
      </header>
      <DataTable
        className="history-table"
        testId="history-table"
        columns={[
          { label: t('history.table.openedAt') },
          { label: t('history.severity') },
          { label: t('history.domain') },
          { label: t('history.district') },
          { label: t('history.table.incident') },
          { label: t('history.status') },
          { label: t('history.table.tta'), className: 'history-table__number' },
          { label: t('history.table.ttr'), className: 'history-table__number' },
          { label: t('history.handledBy') },
        ]}
        empty={incidents.length === 0 ? emptyText : null}
        emptyTestId="history-table-empty"
      >
        {incidents.map((incident) => {
          const { ttaSeconds, ttrSeconds } = incidentDurations(incident);
          return (
            <tr
              key={incident.id}
              className="history-table__row"
              data-testid="history-row"
              data-incident-id={incident.id}
              data-domain={incident.domain}
              data-severity={incident.severity}
              data-status={incident.status}
              tabIndex={0}
              onClick={() => onOpen(incident.id)}
              onKeyDown={(event) => {
                // Enter on the title link is the link's own.
                if (event.key === 'Enter' && event.target === event.currentTarget)
                  onOpen(incident.id);
              }}
            >
              <td className="history-table__time">
                <time dateTime={incident.openedAt}>
                  {formatDateTime(incident.openedAt, 'full', timeZone).slice(0, 16)}
                </time>
              </td>
              <td>
                <SeverityBadge severity={incident.severity} compact />
              </td>
              <td>{t(`domain.${incident.domain}`)}</td>
              <td>{districtLabel(incident.district, locale) ?? t('incident.unknownDistrict')}</td>
              <td className="history-table__title">
                <Link
                  to={`/console?incident=${encodeURIComponent(incident.id)}`}
                  onClick={(event) => event.stopPropagation()}
                >
                  {incident.title}
                </Link>
                {incident.assetName ? (
                  <span className="history-table__asset">{incident.assetName}</span>
                ) : null}
              </td>
              <td>
                <span className={`status-chip status-chip--${incident.status}`}>
                  {t(`status.${incident.status}`)}
                </span>
              </td>
              <td className="history-table__number">{formatDuration(ttaSeconds, t)}</td>
              <td className="history-table__number">{formatDuration(ttrSeconds, t)}</td>
              <td className="history-table__who">{handledByText(incident, t)}</td>
            </tr>
          );
        })}
      </DataTable>
      {hasMore ? (
        <button
          type="button"
          className="button history-table__more"
          data-testid="history-load-more"
          disabled={loadingMore}
          onClick={onLoadMore}
        >
          {loadingMore ? t('incident.loading') : t('history.table.loadMore')}
        </button>
      ) : null}
    </section>
  );
}
