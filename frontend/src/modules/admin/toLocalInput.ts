import { formatDateTime } from '../i18n/formatDateTime';

/** An instant as the wall-clock text `YYYY-MM-DDTHH:mm` of a zone (what `datetime-local` inputs hold). */
export function toLocalInput(at: number | string | Date, timeZone: string): string {
  return formatDateTime(at, 'full', timeZone).slice(0, 16).replace(' ', 'T');
}
