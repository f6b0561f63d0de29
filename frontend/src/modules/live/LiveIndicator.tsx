import { useI18n } from '../i18n/useI18n';
import './live.css';
import { useLiveStatus } from './useLiveStatus';

/** A small dot: green and "实时" while connected, red and "离线" otherwise. */
export function LiveIndicator() {
  const { t } = useI18n();
  const { state } = useLiveStatus();
  return (
    <span
      className={`live-indicator live-indicator--${state}`}
      data-testid="live-indicator"
      data-state={state}
    >
      <span className="live-indicator__dot" aria-hidden="true" />
      {state === 'connected'
        ? t('live.online')
        : state === 'connecting'
          ? t('live.connecting')
          : t('live.offline')}
    </span>
  );
}
