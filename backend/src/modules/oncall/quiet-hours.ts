import {
  DEFAULT_ONCALL_TIME_ZONE,
  QUIET_SEVERITIES,
  type QuietSeverity,
  type QuietWindow,
  type Severity,
} from '@cityops/contracts';
import { formatLocalTime } from '../../infra/zoned-time.js';
import { localDayOf, minutesOf, weekdayOf, zonedTimeToUtc } from './rotation.js';

const DAY_MS = 86_400_000;
/**
 * How far ahead back-to-back windows are merged. The schema refuses windows that hold a severity
 * all week long, so a quiet period always ends within a week; this only bounds the loop.
 */
const MERGE_DAYS = 8;

/** The quiet windows (instants, [start, end)) of those holding the severity that start on a local day. */
function windowsOn(
  timeZone: string,
  windows: readonly QuietWindow[],
  day: number,
): [number, number][] {
  const out: [number, number][] = [];
  for (const w of windows) {
    // A window belongs to the day it starts on: Friday 22:00–06:00 holds until Saturday 06:00.
    if (w.days && !w.days.includes(weekdayOf(day))) continue;
    const [start, end] = [minutesOf(w.start), minutesOf(w.end)];
    const from = zonedTimeToUtc(timeZone, day, start);
    const to = zonedTimeToUtc(timeZone, end > start ? day : day + 1, end);
    // Times in a daylight-saving gap move forward by it, as handoffs do: 02:30–03:00 on the
    // spring day in Europe/Berlin comes out empty (03:30 to 03:00) and holds nothing.
    if (to > from) out.push([from, to]);
  }
  return out;
}

/**
 * Until when a member's quiet hours hold a page of this severity at `at`: null when it may go now
 * (no window holds the severity at that instant, or the severity is red, which is never held);
 * otherwise the end of the quiet period, windows that overlap or touch end to start merged into one
 * (22:00–00:00 and 00:00–07:00 hold until 07:00). Windows are local wall-clock times in `timeZone`,
 * turned into instants with the zone's own rules, as rotations are.
 */
export function quietUntil(
  windows: readonly QuietWindow[],
  severity: Severity,
  at: Date,
  timeZone: string,
): Date | null {
  if (severity === 'red') return null;
  const holding = windows.filter((w) => (w.severities as readonly string[]).includes(severity));
  if (!holding.length) return null;
  const t = at.getTime();
  let until = t;
  // Day by day from yesterday (no window lasts a day, so none that started earlier holds `t`): a
  // window starting on a later local day starts later, so the first gap ends the quiet period.
  const first = localDayOf(timeZone, t) - 1;
  for (let day = first; day <= first + MERGE_DAYS; day++) {
    const intervals = windowsOn(timeZone, holding, day).sort((a, b) => a[0] - b[0]);
    for (const [from, to] of intervals) {
      if (from > until) return until > t ? new Date(until) : null;
      if (to > until) until = to;
    }
  }
  return until > t ? new Date(until) : null;
}

/** For `GET /api/oncall/now`: per severity quiet hours may hold, until when (ISO) or null. */
export function quietUntilBySeverity(
  windows: readonly QuietWindow[],
  at: Date,
  timeZone: string,
): Record<QuietSeverity, string | null> {
  const entries = QUIET_SEVERITIES.map((s) => [
    s,
    quietUntil(windows, s, at, timeZone)?.toISOString() ?? null,
  ]);
  return Object.fromEntries(entries) as Record<QuietSeverity, string | null>;
}

/**
 * The end of a quiet period as the timeline says it, local time in the zone: "07:00" when it is
 * less than a day away, "2026-11-30 07:00" otherwise.
 */
export function quietUntilText(until: Date, at: Date, timeZone: string): string {
  const local = formatLocalTime(until.toISOString(), timeZone);
  return until.getTime() - at.getTime() < DAY_MS ? local.slice(11) : local;
}

/**
 * The zone a team's quiet hours are read in: that of its schedules, the first by id when they
 * differ; Asia/Shanghai when the team has none.
 */
export function teamTimeZone(
  schedules: readonly { id: string; team_id: string; time_zone: string }[],
  teamId: string,
): string {
  let first: { id: string; time_zone: string } | undefined;
  for (const s of schedules) if (s.team_id === teamId && (!first || s.id < first.id)) first = s;
  return first?.time_zone ?? DEFAULT_ONCALL_TIME_ZONE;
}
