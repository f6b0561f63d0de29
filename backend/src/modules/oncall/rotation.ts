import type { Restriction, Rotation, ScheduleLayer, ScheduleOverride } from '@cityops/contracts';
import { offsetMs } from '../../infra/zoned-time.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Longer than any one span: a weekly shift, or the longest override (31 days). */
const MAX_SPAN_MS = 32 * DAY_MS;

/** What a schedule is made of, for the pure functions (the stored schedule has more). */
export interface ScheduleSpec {
  id: string;
  timeZone: string;
  layers: readonly ScheduleLayer[];
  overrides: readonly ScheduleOverride[];
}

export type SpanSource =
  | { kind: 'layer'; layer: string; layerIndex: number }
  | { kind: 'override'; reason: string; overrideIndex: number };

/** Who is on call at an instant, and the shift (or override) that put them there, [shiftStart, shiftEnd). */
export interface OnCallAt {
  memberId: string;
  source: SpanSource;
  shiftStart: number;
  shiftEnd: number;
}

/**
 * One member on call without a break, in one shift of one layer (or one override): [start, end).
 * A shift cut by an override or a restriction gives several spans; consecutive shifts of the same
 * member stay separate spans (one calendar event per shift).
 */
export interface Span extends OnCallAt {
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Local calendar arithmetic. A "day" is a local date as days since 1970-01-01; a local wall-clock
// time is that day plus minutes, turned into an instant with the zone's offset at that moment.

export function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** ISO weekday of a day number: 1 Monday … 7 Sunday. */
export function weekdayOf(day: number): number {
  const d = new Date(day * DAY_MS).getUTCDay();
  return d === 0 ? 7 : d;
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** The local day of an instant in the zone. */
export function localDayOf(timeZone: string, at: number): number {
  return Math.floor((at + offsetMs(timeZone, at)) / DAY_MS);
}

/**
 * The instant a local wall-clock time happens in the zone. Around daylight-saving changes: a time
 * that happens twice (autumn) is its first occurrence; a time that does not happen (spring) is
 * moved forward by the gap (02:30 in Europe/Berlin on the spring day is 03:30 summer time).
 */
export function zonedTimeToUtc(timeZone: string, day: number, minute: number): number {
  const wall = day * DAY_MS + minute * MINUTE_MS;
  const offsets = [
    ...new Set([
      offsetMs(timeZone, wall - DAY_MS),
      offsetMs(timeZone, wall),
      offsetMs(timeZone, wall + DAY_MS),
    ]),
  ].sort((a, b) => b - a); // largest offset first: the earliest instant
  for (const offset of offsets) {
    if (offsetMs(timeZone, wall - offset) === offset) return wall - offset;
  }
  return wall - Math.min(...offsets);
}

// ---------------------------------------------------------------------------------------------
// Rotations

function periodDays(rotation: Rotation): number {
  return rotation.type === 'daily' ? 1 : 7;
}

/** The local day of the first handoff: startsAt, or for weekly the first handoffWeekday from it. */
function firstHandoffDay(rotation: Rotation): number {
  const start = dayNumber(rotation.startsAt);
  if (rotation.type === 'daily') return start;
  return start + ((rotation.handoffWeekday! - weekdayOf(start) + 7) % 7);
}

/** The start of shift k (0: the first) of a rotation. */
export function shiftStart(timeZone: string, rotation: Rotation, k: number): number {
  return zonedTimeToUtc(
    timeZone,
    firstHandoffDay(rotation) + k * periodDays(rotation),
    minutesOf(rotation.handoffTime),
  );
}

/** The shift of a rotation running at an instant, or -1 before the first handoff. */
export function shiftIndexAt(timeZone: string, rotation: Rotation, at: number): number {
  const first = shiftStart(timeZone, rotation, 0);
  if (at < first) return -1;
  let k = Math.floor((at - first) / (periodDays(rotation) * DAY_MS));
  while (k > 0 && shiftStart(timeZone, rotation, k) > at) k--;
  while (shiftStart(timeZone, rotation, k + 1) <= at) k++;
  return k;
}

/** Local windows [start, end) of the restrictions that begin on a local day. */
function restrictionWindows(
  timeZone: string,
  restrictions: readonly Restriction[],
  day: number,
): [number, number][] {
  const windows: [number, number][] = [];
  for (const r of restrictions) {
    if (r.weekdays && !r.weekdays.includes(weekdayOf(day))) continue;
    const [start, end] = [minutesOf(r.start), minutesOf(r.end)];
    windows.push([
      zonedTimeToUtc(timeZone, day, start),
      zonedTimeToUtc(timeZone, end > start ? day : day + 1, end),
    ]);
  }
  return windows;
}

function restrictionsAllow(
  timeZone: string,
  restrictions: readonly Restriction[] | undefined,
  at: number,
): boolean {
  if (!restrictions) return true;
  const day = localDayOf(timeZone, at);
  for (const d of [day - 1, day]) {
    for (const [from, to] of restrictionWindows(timeZone, restrictions, d)) {
      if (from <= at && at < to) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Who is on call

/**
 * Who a schedule puts on call at an instant: an override covering it, else the highest layer that
 * covers it (the last in the list: layers stack, later on top), else nobody. A layer covers an
 * instant from its first handoff on, inside its restrictions when it has any.
 */
export function onCallAt(schedule: ScheduleSpec, at: number): OnCallAt | null {
  for (const [overrideIndex, o] of schedule.overrides.entries()) {
    const [from, to] = [Date.parse(o.from), Date.parse(o.to)];
    if (from <= at && at < to)
      return {
        memberId: o.memberId,
        source: { kind: 'override', reason: o.reason, overrideIndex },
        shiftStart: from,
        shiftEnd: to,
      };
  }
  for (let layerIndex = schedule.layers.length - 1; layerIndex >= 0; layerIndex--) {
    const layer = schedule.layers[layerIndex]!;
    const k = shiftIndexAt(schedule.timeZone, layer.rotation, at);
    if (k < 0 || !restrictionsAllow(schedule.timeZone, layer.restrictions, at)) continue;
    const members = layer.rotation.members;
    return {
      memberId: members[k % members.length]!,
      source: { kind: 'layer', layer: layer.name, layerIndex },
      shiftStart: shiftStart(schedule.timeZone, layer.rotation, k),
      shiftEnd: shiftStart(schedule.timeZone, layer.rotation, k + 1),
    };
  }
  return null;
}

/** Every instant in (from, to) at which the answer of onCallAt may change. */
function boundaries(schedule: ScheduleSpec, from: number, to: number): number[] {
  const points: number[] = [];
  const zone = schedule.timeZone;
  for (const o of schedule.overrides) points.push(Date.parse(o.from), Date.parse(o.to));
  for (const layer of schedule.layers) {
    let k = Math.max(0, shiftIndexAt(zone, layer.rotation, from));
    for (
      let s = shiftStart(zone, layer.rotation, k);
      s < to;
      s = shiftStart(zone, layer.rotation, ++k)
    )
      points.push(s);
    if (layer.restrictions) {
      const last = localDayOf(zone, to) + 1;
      for (let day = localDayOf(zone, from) - 1; day <= last; day++)
        for (const window of restrictionWindows(zone, layer.restrictions, day))
          points.push(...window);
    }
  }
  return [...new Set(points.filter((p) => p > from && p < to))].sort((a, b) => a - b);
}

function spanKey(o: OnCallAt): string {
  const source =
    o.source.kind === 'layer' ? `L${o.source.layerIndex}` : `O${o.source.overrideIndex}`;
  return `${source}|${o.shiftStart}|${o.memberId}`;
}

/** Who is on call over [from, to), as spans clipped to it, in time order; gaps where nobody is. */
export function spansBetween(schedule: ScheduleSpec, from: number, to: number): Span[] {
  if (!(to > from)) return [];
  const points = [from, ...boundaries(schedule, from, to), to];
  const spans: Span[] = [];
  let open: (Span & { key: string }) | null = null;
  for (let i = 0; i < points.length - 1; i++) {
    const [start, end] = [points[i]!, points[i + 1]!];
    const who = onCallAt(schedule, start);
    const key = who ? spanKey(who) : null;
    if (open && key === open.key && open.end === start) {
      open.end = end;
      continue;
    }
    if (open) spans.push(withoutKey(open));
    open = who && key ? { ...who, start, end, key } : null;
  }
  if (open) spans.push(withoutKey(open));
  return spans;
}

function withoutKey(span: Span & { key: string }): Span {
  const { key: _key, ...rest } = span;
  return rest;
}

/**
 * Whole spans that overlap [from, to): the first is not cut at `from` (a calendar event keeps its
 * real start, so its UID stays the same from one download to the next).
 */
export function spansOverlapping(schedule: ScheduleSpec, from: number, to: number): Span[] {
  return spansBetween(schedule, from - MAX_SPAN_MS, to).filter((s) => s.end > from);
}

/**
 * The span running at an instant (since when, until when), or null when nobody is on call. The
 * ends are exact: no span is longer than MAX_SPAN_MS, and a short look either side usually does.
 */
export function spanAt(schedule: ScheduleSpec, at: number): Span | null {
  for (const reach of [8 * DAY_MS, MAX_SPAN_MS + DAY_MS]) {
    const [from, to] = [at - reach, at + reach];
    const span = spansBetween(schedule, from, to).find((s) => s.start <= at && at < s.end);
    if (!span) return null;
    if (span.start > from && span.end < to) return span;
  }
  return null; // unreachable: a span never reaches MAX_SPAN_MS + a day either side
}
