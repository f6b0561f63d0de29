import { isLocalDateTime } from '../history/isLocalDateTime';
import { localTimeMs } from '../history/localTimeMs';

/**
 * A wall-clock time `YYYY-MM-DDTHH:mm` in a zone (Asia/Shanghai: what the user typed) as the ISO
 * instant the API takes (`2026-11-26T00:00:00.000Z` for 08:00 in Tianjin); null when it is not one.
 */
export function localInputToIso(text: string, timeZone: string): string | null {
  if (!isLocalDateTime(text)) return null;
  return new Date(localTimeMs(text, timeZone)).toISOString();
}
