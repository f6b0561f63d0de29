import { offsetMs } from '../../../infra/zoned-time.js';
import { DEFAULT_WORKING_CALENDAR, type WorkingCalendar } from '@cityops/contracts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A calendar with no working day for ten years is a mistake, not a reason to loop forever. */
const MAX_DAYS = 3660;

/**
 * Working-hours arithmetic for time limits, a pure function of the calendar (default: 09:00 to
 * 17:00, Monday to Friday, Asia/Shanghai). Time outside the working window, on weekends and on
 * holidays does not count; `workdays` are weekend days worked instead (调休). Meant for zones
 * without daylight saving (China): the UTC offset is taken per day at local noon, so on a
 * daylight-saving change day the window may be off by the shift.
 */
export function addWorkingHours(
  start: number,
  hours: number,
  calendar: Partial<WorkingCalendar> = {},
): number {
  if (!Number.isFinite(start) || !Number.isFinite(hours) || hours < 0)
    throw new RangeError('addWorkingHours needs a finite start and hours >= 0');
  let remaining = Math.round(hours * HOUR_MS);
  if (remaining === 0) return start;
  const cal = { ...DEFAULT_WORKING_CALENDAR, ...calendar };
  let result: number | null = null;
  walkWorkingWindows(start, cal, (from, to) => {
    const available = to - from;
    if (remaining <= available) {
      result = from + remaining;
      return false;
    }
    remaining -= available;
    return true;
  });
  return result!;
}

/** Working time between two instants, in hours (0 when `to` is not after `from`). */
export function workingHoursBetween(
  from: number,
  to: number,
  calendar: Partial<WorkingCalendar> = {},
): number {
  if (to <= from) return 0;
  const cal = { ...DEFAULT_WORKING_CALENDAR, ...calendar };
  let total = 0;
  walkWorkingWindows(from, cal, (a, b) => {
    if (a >= to) return false;
    total += Math.min(b, to) - a;
    return b < to;
  });
  return total / HOUR_MS;
}

/**
 * Calls visit(from, to) with each working window (UTC epoch ms) from `start` on, the first one
 * clipped to start, until visit returns false.
 */
function walkWorkingWindows(
  start: number,
  cal: WorkingCalendar,
  visit: (from: number, to: number) => boolean,
): void {
  const [startMinute, endMinute] = [minutesOf(cal.start), minutesOf(cal.end)];
  const days = new Set(cal.days);
  const holidays = new Set(cal.holidays);
  const workdays = new Set(cal.workdays);
  // Local midnight of the start's local day, expressed on a UTC clock shifted by the offset.
  let localDay = Math.floor((start + offsetMs(cal.timezone, start)) / DAY_MS) * DAY_MS;
  for (let i = 0; i < MAX_DAYS; i++, localDay += DAY_MS) {
    const date = new Date(localDay);
    const iso = date.toISOString().slice(0, 10);
    const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    const working = workdays.has(iso) || (!holidays.has(iso) && days.has(weekday));
    if (!working) continue;
    const offset = offsetMs(cal.timezone, localDay + 12 * HOUR_MS - offsetMs(cal.timezone, start));
    const from = Math.max(start, localDay + startMinute * MINUTE_MS - offset);
    const to = localDay + endMinute * MINUTE_MS - offset;
    if (from >= to) continue;
    if (!visit(from, to)) return;
  }
  throw new RangeError(`the working calendar has no working hours within ${MAX_DAYS} days`);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}
