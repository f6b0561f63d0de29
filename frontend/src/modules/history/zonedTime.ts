const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(timeZone: string, at: number): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT": UTC itself
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3_600_000 + Number(match[3]) * 60_000);
}

/**
 * The instant (epoch ms) of a wall-clock time in a zone: `zonedTime('2026-11-26', 'Asia/Shanghai',
 * '08:00')` is 2026-11-26T00:00:00Z. `time` is `HH:mm`, midnight by default.
 */
export function zonedTime(day: string, timeZone: string, time = '00:00'): number {
  const wall = Date.parse(`${day}T${time}:00Z`);
  const first = wall - offsetMs(timeZone, wall);
  // Across a daylight-saving change the offset at the result can differ from the guess's.
  return wall - offsetMs(timeZone, first);
}
