import { formatDateTime } from '../i18n/formatDateTime';
import { useI18n } from '../i18n/useI18n';
import './live.css';
import { useTimeZone } from '../i18n/useTimeZone';
import { useLiveStatus } from './useLiveStatus';

/** "Data stale since …" while the live connection is down: what is on screen may no longer be true. */
export function StaleBanner() {
  const { t } = useI18n();
  const timeZone = useTimeZone();
  const status = useLiveStatus();
  if (status.state !== 'disconnected') return null;
  return (
    <div className="stale-banner" role="alert" data-testid="stale-banner">
      <span className="stale-banner__icon" aria-hidden="true" />
      {t('live.stale', { time: formatDateTime(status.since, 'full', timeZone) })}
    </div>
  );
}
