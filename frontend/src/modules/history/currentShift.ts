import { localDay } from './localDay';
import { shiftDay } from './shiftDay';

/** Day shift 08:00–20:00, night shift 20:00–08:00 (city time). */
const DAY_START = '08:00';
const NIGHT_START = '20:00';

/**
 * The shift under way at `now` in the zone, as wall-clock times `YYYY-MM-DDTHH:mm`: 08:00–20:00,
 * or 20:00 until 08:00 the next morning (before 08:00 it began the evening before).
 */
export function currentShift(now: number, timeZone: string): { from: string; to: string } {
  const day = localDay(now, timeZone);
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  if (clock < DAY_START)
    return { from: `${shiftDay(day, -1)}T${NIGHT_START}`, to: `${day}T${DAY_START}` };
  if (clock < NIGHT_START) return { from: `${day}T${DAY_START}`, to: `${day}T${NIGHT_START}` };
  return { from: `${day}T${NIGHT_START}`, to: `${shiftDay(day, 1)}T${DAY_START}` };
}
