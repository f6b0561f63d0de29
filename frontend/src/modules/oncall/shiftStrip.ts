import type { OncallSpan } from '@cityops/contracts';
import { formatDateTime } from '../i18n/formatDateTime';
import { zonedTime } from '../history/zonedTime';

export interface StripDay {
  /** The local date `YYYY-MM-DD`. */
  day: string;
  /** ISO weekday, 1 Monday … 7 Sunday. */
  weekday: number;
  /** Local midnight to the next local midnight (epoch ms). */
  start: number;
  end: number;
  leftPct: number;
  widthPct: number;
  isToday: boolean;
}

export interface StripWindow {
  from: number;
  to: number;
  days: StripDay[];
  /** Where "now" is on the strip (percent), null outside the window. */
  nowPct: number | null;
}

export interface StripBlock {
  memberId: string;
  /** The span's ends as the API gave them. */
  spanStart: string;
  spanEnd: string;
  /** Cut to the window. */
  leftPct: number;
  widthPct: number;
  /** The override's reason. */
  reason: string | null;
}

export interface StripRow {
  key: string;
  kind: 'override' | 'layer';
  /** The layer's name (null for the overrides row). */
  layer: string | null;
  blocks: StripBlock[];
}

/** The local date `YYYY-MM-DD` `days` after `day` (calendar arithmetic, no time zone involved). */
function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function isoWeekday(day: string): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/**
 * The strip's window: `days` whole local days in the zone, starting `daysBefore` days before today
 * (local midnight to local midnight, so a day of a zone with daylight saving may last 23 or 25 h;
 * Asia/Shanghai's always last 24 h).
 */
export function stripWindow(
  now: number,
  timeZone: string,
  { days = 14, daysBefore = 2 }: { days?: number; daysBefore?: number } = {},
): StripWindow {
  const today = formatDateTime(now, 'full', timeZone).slice(0, 10);
  const first = addDays(today, -daysBefore);
  const from = zonedTime(first, timeZone);
  const to = zonedTime(addDays(first, days), timeZone);
  const total = to - from;
  const list: StripDay[] = [];
  for (let k = 0; k < days; k++) {
    const day = addDays(first, k);
    const start = zonedTime(day, timeZone);
    const end = zonedTime(addDays(day, 1), timeZone);
    list.push({
      day,
      weekday: isoWeekday(day),
      start,
      end,
      leftPct: ((start - from) / total) * 100,
      widthPct: ((end - start) / total) * 100,
      isToday: day === today,
    });
  }
  const nowPct = now >= from && now < to ? ((now - from) / total) * 100 : null;
  return { from, to, days: list, nowPct };
}

/**
 * The spans of a schedule as the strip's rows: overrides first, then the layers from the top one
 * (last in the schedule) down, each with a block per span cut to the window (spans outside it are
 * left out). A layer that puts nobody on call in the window still gets its (empty) row; spans of a
 * layer the schedule no longer names get a row of their own at the bottom.
 */
export function stripRows(
  spans: readonly OncallSpan[],
  window: Pick<StripWindow, 'from' | 'to'>,
  layerNames: readonly string[],
): StripRow[] {
  const total = window.to - window.from;
  const rows = new Map<string, StripRow>();
  rows.set('override', { key: 'override', kind: 'override', layer: null, blocks: [] });
  for (const name of [...layerNames].reverse())
    rows.set(`layer:${name}`, { key: `layer:${name}`, kind: 'layer', layer: name, blocks: [] });

  const sorted = [...spans].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const span of sorted) {
    const start = Math.max(Date.parse(span.start), window.from);
    const end = Math.min(Date.parse(span.end), window.to);
    if (!(end > start)) continue;
    const key = span.source.kind === 'override' ? 'override' : `layer:${span.source.layer}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        key,
        kind: 'layer',
        layer: span.source.kind === 'layer' ? span.source.layer : null,
        blocks: [],
      };
      rows.set(key, row);
    }
    row.blocks.push({
      memberId: span.memberId,
      spanStart: span.start,
      spanEnd: span.end,
      leftPct: ((start - window.from) / total) * 100,
      widthPct: ((end - start) / total) * 100,
      reason: span.source.kind === 'override' ? span.source.reason : null,
    });
  }
  return [...rows.values()];
}

/** A few colours told apart on the light admin theme; a member keeps theirs (by team order). */
export const MEMBER_COLOURS = [
  '#2f6fde',
  '#d9822b',
  '#2a9d6a',
  '#a05bd0',
  '#d64561',
  '#1f9bb4',
  '#8a6d1f',
  '#5b6b82',
] as const;

/** The colour of a member: by their place in the team, so the same person has the same colour. */
export function memberColour(memberIds: readonly string[], memberId: string): string {
  const index = memberIds.indexOf(memberId);
  const at = index >= 0 ? index : memberIds.length;
  return MEMBER_COLOURS[at % MEMBER_COLOURS.length]!;
}
