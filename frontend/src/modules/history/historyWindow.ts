import type { HistoryFilters } from './HistoryFilters';
import { shiftDay } from './shiftDay';
import { zonedTime } from './zonedTime';

const PRESET_DAYS = { today: 1, '7d': 7, '30d': 30 } as const;

/**
 * The instants a range covers, `[from, to)` as ISO strings, and its calendar days in the zone (for
 * the per-day chart): quick picks end with `today` (the zone's current day, `YYYY-MM-DD`); a custom
 * range includes both its days.
 */
export function historyWindow(
  range: HistoryFilters['range'],
  today: string,
  timeZone: string,
): { from: string; to: string; days: string[] } {
  let first: string;
  let last: string;
  if (range.kind === 'custom') {
    first = range.from;
    last = range.to;
  } else {
    last = today;
    first = shiftDay(last, 1 - PRESET_DAYS[range.kind]);
  }
  const days: string[] = [];
  for (let day = first; day <= last; day = shiftDay(day, 1)) days.push(day);
  return {
    from: new Date(zonedTime(first, timeZone)).toISOString(),
    to: new Date(zonedTime(shiftDay(last, 1), timeZone)).toISOString(),
    days,
  };
}
