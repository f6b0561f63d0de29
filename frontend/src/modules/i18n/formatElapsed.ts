import type { TranslateFn } from './TranslateFn';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long something has lasted, coarse enough to read at a glance: "刚刚", "12 分钟", "3 小时 5 分", "2 天 4 小时". */
export function formatElapsed(fromMs: number, nowMs: number, t: TranslateFn): string {
  const ms = Math.max(0, nowMs - fromMs);
  if (ms < MINUTE) return t('elapsed.justNow');
  if (ms < HOUR) return t('elapsed.minutes', { minutes: Math.floor(ms / MINUTE) });
  if (ms < DAY)
    return t('elapsed.hours', {
      hours: Math.floor(ms / HOUR),
      minutes: Math.floor((ms % HOUR) / MINUTE),
    });
  return t('elapsed.days', { days: Math.floor(ms / DAY), hours: Math.floor((ms % DAY) / HOUR) });
}
