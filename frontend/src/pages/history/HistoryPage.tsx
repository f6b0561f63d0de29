import { DOMAINS } from '@cityops/contracts';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { AppNav } from '../../app/AppNav';
import { useI18n } from '../../modules/i18n/useI18n';
import { useTimeZone } from '../../modules/i18n/useTimeZone';
import '../../modules/incidents/incidents.css';
import { HistoryCharts } from '../../modules/history/HistoryCharts';
import { HistoryFilterBar } from '../../modules/history/HistoryFilterBar';
import { HistoryKpis } from '../../modules/history/HistoryKpis';
import { HistoryTable } from '../../modules/history/HistoryTable';
import { historyWindow } from '../../modules/history/historyWindow';
import { incidentFilterQuery } from '../../modules/history/incidentFilterQuery';
import { localDay } from '../../modules/history/localDay';
import { useHistoryFilters } from '../../modules/history/useHistoryFilters';
import { useHistoryIncidents } from '../../modules/history/useHistoryIncidents';
import { useHistoryStats } from '../../modules/history/useHistoryStats';
import { useIncidentsExport } from '../../modules/history/useIncidentsExport';
import { BrandMark } from '../../modules/ui/BrandMark';
import { errorMessage } from '../../modules/ui/errorMessage';
import { useNow } from '../../modules/ui/useNow';
import './history.css';

/**
 * /history: the supervisor's look back. Filters in the URL query; KPIs, charts (ECharts) and the
 * incidents table over the same filters; CSV export; a link to the printable shift handover.
 */
export function HistoryPage() {
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const navigate = useNavigate();
  const today = localDay(useNow(60_000), timeZone);
  const [filters, setFilters] = useHistoryFilters();
  const period = useMemo(
    () => historyWindow(filters.range, today, timeZone),
    [filters.range, today, timeZone],
  );
  const filterQuery = useMemo(() => incidentFilterQuery(filters, period), [filters, period]);

  const incidents = useHistoryIncidents(filterQuery);
  const daily = useHistoryStats(filterQuery, 'day');
  const byDomain = useHistoryStats(filterQuery, 'domain');
  const byDistrict = useHistoryStats(filterQuery, 'district');
  const exporter = useIncidentsExport();
  const rows = useMemo(
    () => incidents.data?.pages.flatMap((page) => page.items) ?? [],
    [incidents.data],
  );

  const handover = new URLSearchParams();
  if (filters.district.length === 1) handover.set('district', filters.district[0]!);

  return (
    <div className="history" data-theme="light" data-testid="history">
      <header className="history-topbar">
        <div className="history-topbar__brand">
          <BrandMark size={30} />
          <span className="history-topbar__title">
            {t('app.city')} · {t('app.title')}
          </span>
        </div>
        <AppNav />
      </header>

      <main className="history__body">
        <div className="history__heading">
          <h1 className="history__title">{t('history.title')}</h1>
          <span className="history__window" data-testid="history-window">
            {period.days[0]} — {period.days[period.days.length - 1]}
          </span>
          <div className="history__actions">
            <Link
              className="button"
              to={`/history/handover${handover.toString() ? `?${handover.toString()}` : ''}`}
              data-testid="history-handover"
            >
              {t('history.handover')}
            </Link>
            <button
              type="button"
              className="button button--primary"
              data-testid="history-export"
              disabled={exporter.isPending}
              onClick={() => exporter.mutate(filterQuery)}
            >
              {exporter.isPending ? t('history.exporting') : t('history.export')}
            </button>
          </div>
        </div>
        {exporter.isError ? (
          <p className="form-error" role="alert">
            {errorMessage(exporter.error, t)}
          </p>
        ) : null}
        {exporter.data ? (
          <p
            className={
              exporter.data.truncated ? 'history__notice history__notice--warn' : 'history__notice'
            }
            role="status"
            data-testid="history-export-result"
            data-truncated={exporter.data.truncated}
          >
            {exporter.data.truncated
              ? t('history.exportTruncated', {
                  rows: exporter.data.rows,
                  total: exporter.data.total,
                })
              : t('history.exportDone', { rows: exporter.data.rows })}
          </p>
        ) : null}

        <HistoryFilterBar filters={filters} days={period.days} onChange={setFilters} />
        <HistoryKpis total={daily.data?.total} />
        <HistoryCharts
          daily={daily}
          byDomain={byDomain}
          byDistrict={byDistrict}
          days={period.days}
          domains={filters.domain.length ? filters.domain : DOMAINS}
        />
        <HistoryTable
          incidents={rows}
          emptyText={
            incidents.isError
              ? `${t('history.loadFailed')}: ${errorMessage(incidents.error, t)}`
              : incidents.isPending
                ? t('incident.loading')
                : t('history.table.empty')
          }
          hasMore={incidents.hasNextPage}
          loadingMore={incidents.isFetchingNextPage}
          onLoadMore={() => void incidents.fetchNextPage()}
          onOpen={(id) => void navigate(`/console?incident=${encodeURIComponent(id)}`)}
        />
      </main>
    </div>
  );
}
