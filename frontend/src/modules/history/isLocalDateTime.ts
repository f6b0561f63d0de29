import { isCalendarDay } from './isCalendarDay';

/** Whether the text is a wall-clock time `YYYY-MM-DDTHH:mm` (what `<input type="datetime-local">` gives). */
export function isLocalDateTime(text: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d$/.exec(text);
  return Boolean(match && isCalendarDay(match[1]!));
}
