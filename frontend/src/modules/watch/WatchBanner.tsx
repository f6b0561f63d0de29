import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { useNow } from '../ui/useNow';
import { activeWatches } from './activeWatches';
import { describeWatch } from './describeWatch';
import { useWatches } from './useWatches';
import './watch.css';

/** Re-checks planned ends this often, so a watch that runs out leaves without an event. */
const TICK_MS = 15_000;

/** "暴雨值守 · 全市 · 14:05 起 …": one line per watch on now; nothing when none is. */
export function WatchBanner() {
  const { t, locale } = useI18n();
  const timeZone = useTimeZone();
  const now = useNow(TICK_MS);
  const watches = activeWatches(useWatches().data, now);
  if (watches.length === 0) return null;
  return (
    <div
      className="watch-banner"
      role="status"
      aria-label={t('watch.banner')}
      data-testid="watch-banner"
    >
      {watches.map((watch) => (
        <p
          key={watch.id}
          className={`watch-banner__line watch-banner__line--${watch.kind}`}
          data-kind={watch.kind}
          data-scope={watch.scope}
          title={watch.reason}
        >
          <span className="watch-banner__icon" aria-hidden="true" />
          {describeWatch(watch, { t, locale, timeZone, now }).join(' · ')}
          <span className="watch-banner__reason">{watch.reason}</span>
        </p>
      ))}
    </div>
  );
}
