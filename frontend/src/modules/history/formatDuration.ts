import type { TranslateFn } from '../i18n/TranslateFn';

/**
 * A duration such as MTTA or MTTR, read at a glance: "45 秒", "12 分钟", "3 小时 5 分", "2 天 4 小时";
 * an em dash for none (nothing acknowledged yet) or nonsense.
 */
export function formatDuration(seconds: number | null | undefined, t: TranslateFn): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0)
    return '—';
  const s = Math.round(seconds);
  if (s < 60) return t('duration.seconds', { seconds: s });
  if (s < 3600) return t('elapsed.minutes', { minutes: Math.floor(s / 60) });
  if (s < 86_400)
    return t('elapsed.hours', {
      hours: Math.floor(s / 3600),
      minutes: Math.floor((s % 3600) / 60),
    });
  return t('elapsed.days', {
    days: Math.floor(s / 86_400),
    hours: Math.floor((s % 86_400) / 3600),
  });
}
