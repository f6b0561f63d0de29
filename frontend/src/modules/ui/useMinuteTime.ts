import { useCallback } from 'react';
import { formatDateTime } from '../i18n/formatDateTime';
import { useTimeZone } from '../i18n/useTimeZone';

/** Formats an instant as `YYYY-MM-DD HH:mm` in the display zone (the admin tables' time). */
export function useMinuteTime(): (value: string | number) => string {
  const timeZone = useTimeZone();
  return useCallback(
    (value: string | number) => formatDateTime(value, 'full', timeZone).slice(0, 16),
    [timeZone],
  );
}
