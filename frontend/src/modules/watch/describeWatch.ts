import type { WatchMode } from '@cityops/contracts';
import { districtLabel } from '../i18n/districtLabel';
import { formatDateTime } from '../i18n/formatDateTime';
import type { Locale } from '../i18n/Locale';
import type { TranslateFn } from '../i18n/TranslateFn';

/**
 * One watch as the banner's parts: kind ("暴雨值守"), scope (全市 or the district), since when, the
 * planned end if any, and "自动" for one a rainfall signal started. Times in the city's zone; the
 * day is added when the time is not on the same calendar day as `now`.
 */
export function describeWatch(
  watch: WatchMode,
  { t, locale, timeZone, now }: { t: TranslateFn; locale: Locale; timeZone: string; now: number },
): string[] {
  const today = formatDateTime(now, 'full', timeZone).slice(0, 10);
  const time = (iso: string) =>
    formatDateTime(iso, 'full', timeZone).slice(0, 10) === today
      ? formatDateTime(iso, 'hm', timeZone)
      : formatDateTime(iso, 'short', timeZone);
  const parts = [
    t(`watch.kind.${watch.kind}`),
    watch.scope === 'city'
      ? t('watch.scopeCity')
      : (districtLabel(watch.scope, locale) ?? watch.scope),
    t('watch.since', { time: time(watch.startedAt) }),
  ];
  if (watch.endsAt) parts.push(t('watch.until', { time: time(watch.endsAt) }));
  if (watch.auto) parts.push(t('watch.auto'));
  return parts;
}
