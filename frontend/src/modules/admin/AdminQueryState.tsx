import type { UseQueryResult } from '@tanstack/react-query';
import { useI18n } from '../i18n/useI18n';
import { errorMessage } from '../ui/errorMessage';

/** Loading or failed (with retry) for an admin list; null once it has data. */
export function AdminQueryState({ query }: { query: UseQueryResult }) {
  const { t } = useI18n();
  if (query.isError)
    return (
      <div className="form-error admin-load-error" role="alert">
        {t('admin.loadFailed', { message: errorMessage(query.error, t) })}{' '}
        <button type="button" className="button" onClick={() => void query.refetch()}>
          {t('admin.retry')}
        </button>
      </div>
    );
  if (query.isPending) return <p className="history-panel__note">{t('admin.loading')}</p>;
  return null;
}
