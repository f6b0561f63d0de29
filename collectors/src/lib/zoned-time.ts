/** A wall-clock time without zone, as field data often carries it. Month is 1-based. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows the IANA zone (e.g. America/New_York). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: -5 h). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time in a zone stands for. In the autumn hour that happens twice the
 * earlier instant wins; a time skipped in spring is read with the offset from before the change.
 */
export function zonedTimeToEpoch(local: LocalDateTime, timeZone: string): number {
  const wall = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  );
  // Two passes settle on the offset in force at the result (a DST change lies between wall and result).
  const before = wall - zoneOffsetMs(wall - 86_400_000, timeZone);
  const first = wall - zoneOffsetMs(wall, timeZone);
  const candidates = [before, first].filter((t) => t + zoneOffsetMs(t, timeZone) === wall);
  return candidates.length ? Math.min(...candidates) : before;
}

/** Is the date a real one (no 31 April)? */
function isRealDate(local: LocalDateTime): boolean {
  const d = new Date(Date.UTC(local.year, local.month - 1, local.day));
  return (
    d.getUTCFullYear() === local.year &&
    d.getUTCMonth() === local.month - 1 &&
    d.getUTCDate() === local.day &&
    local.hour < 24 &&
    local.minute < 60 &&
    local.second < 60
  );
}

const ISO_LOCAL =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO 8601 date-time. With an offset (or Z) it is absolute; without one it is a wall-clock time in
 * `timeZone` ("2023-10-30T12:00:39.000" from a New York export). A space may stand for the T.
 * Returns null for anything else.
 */
export function parseIsoInZone(text: string, timeZone: string): number | null {
  const m = ISO_LOCAL.exec(text.trim());
  if (!m) return null;
  const local: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    millisecond: Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)),
  };
  if (!isRealDate(local)) return null;
  if (m[8]) {
    const ms = Date.parse(text.trim().replace(' ', 'T'));
    return Number.isFinite(ms) ? ms : null;
  }
  return zonedTimeToEpoch(local, timeZone);
}

const TOKENS: Record<string, { re: string; key: keyof LocalDateTime | 'ampm' }> = {
  yyyy: { re: '(\\d{4})', key: 'year' },
  MM: { re: '(\\d{1,2})', key: 'month' },
  dd: { re: '(\\d{1,2})', key: 'day' },
  HH: { re: '(\\d{1,2})', key: 'hour' },
  hh: { re: '(\\d{1,2})', key: 'hour' },
  mm: { re: '(\\d{2})', key: 'minute' },
  ss: { re: '(\\d{2})', key: 'second' },
  SSS: { re: '(\\d{1,3})', key: 'millisecond' },
  a: { re: '([AaPp][Mm])', key: 'ampm' },
};
const TOKEN_RE = /yyyy|MM|dd|HH|hh|mm|ss|SSS|a/g;

export type TimeParser = (text: string) => number | null;

/**
 * A parser for a date-time pattern in a zone: tokens yyyy MM dd HH (0-23) hh (1-12, with a) mm ss SSS a,
 * anything else literal; e.g. "MM/dd/yyyy hh:mm:ss a" reads Baltimore's "04/12/2018 11:11:26 AM".
 * Also "iso" (with or without offset), "epoch-ms" and "epoch-s".
 */
export function timeParser(format: string, timeZone: string): TimeParser {
  if (format === 'iso') return (text) => parseIsoInZone(text, timeZone);
  if (format === 'epoch-ms' || format === 'epoch-s') {
    const factor = format === 'epoch-ms' ? 1 : 1000;
    return (text) => {
      if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return null;
      return Math.round(Number(text) * factor);
    };
  }
  const keys: (keyof LocalDateTime | 'ampm')[] = [];
  let source = '';
  let last = 0;
  for (const match of format.matchAll(TOKEN_RE)) {
    source += format.slice(last, match.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const token = TOKENS[match[0]]!;
    source += token.re;
    keys.push(token.key);
    last = match.index + match[0].length;
  }
  source += format.slice(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (!keys.includes('year') || !keys.includes('month') || !keys.includes('day'))
    throw new Error(`time format "${format}" needs at least yyyy, MM and dd`);
  const twelveHour = format.includes('hh');
  const re = new RegExp(`^${source}$`);
  return (text) => {
    const m = re.exec(text.trim());
    if (!m) return null;
    const local: LocalDateTime = {
      year: 0,
      month: 0,
      day: 0,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    };
    let pm: boolean | null = null;
    keys.forEach((key, i) => {
      const value = m[i + 1]!;
      if (key === 'ampm') pm = value.toUpperCase() === 'PM';
      else local[key] = key === 'millisecond' ? Number(value.padEnd(3, '0')) : Number(value);
    });
    if (twelveHour) {
      if (local.hour < 1 || local.hour > 12) return null;
      if (pm === true && local.hour < 12) local.hour += 12;
      if (pm === false && local.hour === 12) local.hour = 0;
    }
    if (!isRealDate(local)) return null;
    return zonedTimeToEpoch(local, timeZone);
  };
}
