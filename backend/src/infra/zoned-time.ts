/*
 * Wall-clock time in an IANA zone, for the rules' working hours, on-call handoffs and message texts.
 * One cached Intl formatter per zone: building one costs far more than using it.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at an instant, in ms (Asia/Shanghai: +8 h). */
export function offsetMs(timeZone: string, at: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, format);
  }
  const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT": UTC itself
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * HOUR_MS + Number(match[3]) * MINUTE_MS);
}

/** "2026-11-26 08:05": an instant as wall-clock time in the zone, to the minute. */
export function formatLocalTime(iso: string, timeZone = 'Asia/Shanghai'): string {
  const at = new Date(iso).getTime();
  return new Date(at + offsetMs(timeZone, at)).toISOString().slice(0, 16).replace('T', ' ');
}
