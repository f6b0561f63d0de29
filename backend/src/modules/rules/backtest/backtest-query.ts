import {
  type AssetKind,
  AssetKindSchema,
  INFLUX_MEASUREMENTS,
  INFLUX_RETENTION,
  type NoDataRule,
  type ThresholdRule,
  type WindowRule,
} from '@cityops/contracts';
import { escape } from 'influx';

/*
 * The InfluxQL of a backtest, pure. One statement per time chunk, grouped by the series tags, never
 * one per sensor; one selector-free field per statement (InfluxDB 1.6 answers time 0 for several
 * selectors in one query).
 */

export type BacktestRule = ThresholdRule | WindowRule | NoDataRule;

export interface SeriesFilter {
  rule: BacktestRule;
  district?: string | undefined;
  assetIds?: readonly string[] | undefined;
}

/** The tags of a series (InfluxDB's assetId/district/kind). */
export interface SeriesTags {
  assetId: string;
  district: string | null;
  kind: AssetKind | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function where(filter: SeriesFilter): string[] {
  const q = escape.stringLit;
  const or = (column: string, values: readonly string[]) =>
    `(${values.map((v) => `${escape.quoted(column)} = ${q(v)}`).join(' OR ')})`;
  const clauses = [or('kind', filter.rule.assetKinds)];
  if (filter.district) clauses.push(`${escape.quoted('district')} = ${q(filter.district)}`);
  if (filter.assetIds?.length) clauses.push(or('assetId', filter.assetIds));
  return clauses;
}

/** Lists the series the rule covers (to count them before running). */
export function seriesQuery(filter: SeriesFilter): string {
  const measurement = escape.quoted(INFLUX_MEASUREMENTS[filter.rule.domain]);
  return `SHOW SERIES FROM ${measurement} WHERE ${where(filter).join(' AND ')}`;
}

/**
 * The rule's points in [from, to), grouped by series. Threshold and window rules read their metric;
 * a no-data rule its metric, or every field when it names none (any reading counts).
 */
export function chunkQuery(filter: SeriesFilter, from: number, to: number): string {
  const measurement = `${escape.quoted(INFLUX_RETENTION.raw.name)}.${escape.quoted(INFLUX_MEASUREMENTS[filter.rule.domain])}`;
  const metric = filter.rule.metric;
  const field = metric ? escape.quoted(metric) : '*';
  return [
    `SELECT ${field} FROM ${measurement}`,
    `WHERE ${where(filter).join(' AND ')}`,
    `AND time >= ${Math.floor(from)}ms AND time < ${Math.floor(to)}ms`,
    'GROUP BY "assetId", "district", "kind"',
  ].join(' ');
}

/** "waterlogging,assetId=WL-1,district=120101,kind=underpass" → its tags (backslash escapes honoured). */
export function parseSeriesKey(key: string): SeriesTags | null {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c === '\\' && i + 1 < key.length) {
      current += key[++i];
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  const tags = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq > 0) tags.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return toTags(Object.fromEntries(tags));
}

/** Tags from InfluxDB (GROUP BY or a series key) → SeriesTags; null without an assetId. */
export function toTags(tags: Record<string, string | undefined>): SeriesTags | null {
  const assetId = tags.assetId;
  if (!assetId) return null;
  const kind = AssetKindSchema.safeParse(tags.kind);
  return { assetId, district: tags.district || null, kind: kind.success ? kind.data : null };
}

/** Aim for at most this many points per chunk (assuming a reading a minute per series). */
export const TARGET_POINTS_PER_CHUNK = 200_000;

/**
 * The window cut into chunks: about TARGET_POINTS_PER_CHUNK points each at a reading a minute per
 * series, between an hour and a day long, ends aligned to the window.
 */
export function planChunks(
  from: number,
  to: number,
  series: number,
): { from: number; to: number }[] {
  const perSeriesMinutes = Math.floor(TARGET_POINTS_PER_CHUNK / Math.max(1, series));
  const size = Math.min(24 * HOUR, Math.max(HOUR, perSeriesMinutes * MINUTE));
  const chunks: { from: number; to: number }[] = [];
  for (let start = from; start < to; start += size)
    chunks.push({ from: start, to: Math.min(to, start + size) });
  return chunks;
}
