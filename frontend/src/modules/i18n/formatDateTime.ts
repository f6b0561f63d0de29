import { defaultTimeZone } from './defaultTimeZone';

type Style = 'time' | 'short' | 'full' | 'hm';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * An instant (ISO string, epoch ms or Date) as wall-clock text in a zone (Asia/Shanghai by default),
 * in one numeric layout whatever the language: `time` 08:05:09, `hm` 08:05, `short` 11-26 08:05,
 * `full` 2026-11-26 08:05:09. An unparseable input gives an em dash.
 */
export function formatDateTime(
  value: string | number | Date,
  style: Style = 'short',
  timeZone: string = defaultTimeZone,
): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value;
  const { year, month, day, hour, minute, second } = parts;
  switch (style) {
    case 'time':
      return `${hour}:${minute}:${second}`;
    case 'hm':
      return `${hour}:${minute}`;
    case 'short':
      return `${month}-${day} ${hour}:${minute}`;
    case 'full':
      return `${year}-${month}-${day} ${hour}:${minute}:${second}`;
  }
}
