import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { AdminLayout } from '../../modules/admin/AdminLayout';
import { AdminQueryState } from '../../modules/admin/AdminQueryState';
import { useI18n } from '../../modules/i18n/useI18n';
import { useTimeZone } from '../../modules/i18n/useTimeZone';
import { QuarantineFilterBar } from '../../modules/quarantine/QuarantineFilterBar';
import { QuarantineTable } from '../../modules/quarantine/QuarantineTable';
import {
  parseQuarantineQuery,
  quarantineApiQuery,
  serializeQuarantineQuery,
} from '../../modules/quarantine/quarantineQuery';
import { useQuarantine } from '../../modules/quarantine/useQuarantine';
import { useQuarantineExport } from '../../modules/quarantine/useQuarantineExport';
import { MutationError } from '../../modules/ui/MutationError';
import '../history/history.css';
import './admin.css';

/** /admin/quarantine: rejected input by source, reason, sensor and time (in the URL), with CSV export. */
export function QuarantinePage() {
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseQuarantineQuery(params), [params]);
  const apiQuery = quarantineApiQuery(filters, timeZone);
  const entries = useQuarantine(apiQuery);
  const exporter = useQuarantineExport();
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <AdminLayout
      title={t('admin.quarantine.title')}
      meta={entries.data ? t('admin.quarantine.shown', { count: items.length }) : undefined}
      testId="admin-quarantine"
    >
      <section className="history-panel">
        <QuarantineFilterBar
          filters={filters}
          onApply={(next) => setParams(serializeQuarantineQuery(next))}
        />
        <div className="admin-toolbar">
          <button
            type="button"
            className="button"
            data-testid="quarantine-export"
            disabled={exporter.isPending}
            onClick={() => exporter.mutate(apiQuery)}
          >
            {exporter.isPending ? t('admin.quarantine.exporting') : t('admin.quarantine.export')}
          </button>
        </div>
        <MutationError mutation={exporter} testId="quarantine-export-error" />
      </section>
      <section className="history-panel">
        <AdminQueryState query={entries} />
        {entries.data ? <QuarantineTable entries={items} /> : null}
        {entries.hasNextPage ? (
          <button
            type="button"
            className="button history-table__more"
            data-testid="quarantine-load-more"
            disabled={entries.isFetchingNextPage}
            onClick={() => void entries.fetchNextPage()}
          >
            {entries.isFetchingNextPage ? t('admin.loading') : t('admin.quarantine.more')}
          </button>
        ) : null}
      </section>
    </AdminLayout>
  );
}
