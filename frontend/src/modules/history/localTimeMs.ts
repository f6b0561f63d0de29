import { zonedTime } from './zonedTime';

/** Epoch ms of a wall-clock time `YYYY-MM-DDTHH:mm` in the zone. */
export function localTimeMs(text: string, timeZone: string): number {
  return zonedTime(text.slice(0, 10), timeZone, text.slice(11, 16));
}
