import type { AssetImportResult } from '@cityops/contracts';
import { saveBlob } from '../history/saveBlob';
import { useI18n } from '../i18n/useI18n';
import { rejectedRowsCsv } from './rejectedRowsCsv';
import { RejectedRowsTable } from './RejectedRowsTable';

/** What an import did: how many assets it stored, and the rows it refused (with a CSV of them). */
export function AssetImportResultPanel({
  result,
  filename,
}: {
  result: AssetImportResult;
  filename: string;
}) {
  const { t } = useI18n();
  const { imported, rejected } = result;
  const download = () =>
    saveBlob(
      new Blob([rejectedRowsCsv(rejected, t)], { type: 'text/csv;charset=utf-8' }),
      `${filename.replace(/\.[^.]*$/, '')}-rejected.csv`,
    );
  return (
    <section
      className="history-panel"
      data-testid="asset-import-result"
      data-imported={imported}
      data-rejected={rejected.length}
    >
      <header className="panel-header">
        <h2 className="history-panel__title">{t('admin.assets.imported', { count: imported })}</h2>
        <span className="panel-header__meta">
          {rejected.length
            ? t('admin.assets.rejectedCount', { count: rejected.length })
            : t('admin.assets.noneRejected')}
        </span>
      </header>
      {rejected.length ? (
        <>
          <div>
            <button
              type="button"
              className="button"
              onClick={download}
              data-testid="asset-import-rejected-download"
            >
              {t('admin.assets.downloadRejected')}
            </button>
          </div>
          <RejectedRowsTable rejected={rejected} />
        </>
      ) : null}
    </section>
  );
}
