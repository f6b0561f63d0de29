import { useI18n } from '../i18n/useI18n';

/** Shown while the history page's code (charts included) loads: styled inline, its CSS is not here yet. */
export function HistoryLoading() {
  const { t } = useI18n();
  return (
    <div
      data-theme="light"
      role="status"
      style={{ position: 'fixed', inset: 0, display: 'grid', placeItems: 'center' }}
    >
      {t('incident.loading')}
    </div>
  );
}
