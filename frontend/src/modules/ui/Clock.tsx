import { formatDateTime } from '../i18n/formatDateTime';
import { useI18n } from '../i18n/useI18n';
import { useTimeZone } from '../i18n/useTimeZone';
import { useNow } from './useNow';

/** Date, weekday and a ticking time in the city's zone (Asia/Shanghai), whatever the screen's own zone. */
export function Clock() {
  const { locale } = useI18n();
  const timeZone = useTimeZone();
  const now = useNow(1_000);
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone }).format(now);
  const date = formatDateTime(now, 'full', timeZone).slice(0, 10);
  return (
    <div className="clock" data-testid="clock">
      <span className="clock__time">{formatDateTime(now, 'time', timeZone)}</span>
      <span className="clock__date">
        {date} {weekday}
      </span>
    </div>
  );
}
