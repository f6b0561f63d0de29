import { formatDateTime } from '../i18n/formatDateTime';

/** The calendar day `YYYY-MM-DD` an instant falls on in a zone (Asia/Shanghai: UTC+8). */
export function localDay(at: number | string | Date, timeZone: string): string {
  return formatDateTime(at, 'full', timeZone).slice(0, 10);
}
