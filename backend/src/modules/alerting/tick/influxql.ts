import {
  type AssetKind,
  DISTRICT_CODES,
  INFLUX_MEASUREMENTS,
  INFLUX_RETENTION,
  type MetricName,
  type WindowRule,
} from '@cityops/contracts';
import { windowsOf } from '../../rules/evaluators/window.js';

/*
 * The tick path's InfluxQL, pure: one statement per rule group (per watched field for no-data rules
 * whose kinds report different heartbeats), grouped by the assetId tag, never one per sensor.
 * InfluxDB 1.6 spends most of a grouped query on each group (tens of µs of CPU per series on the
 * machine of docs/performance.md), so large groups are split by the district tag into partitions
 * that run side by side; the answers are merged by asset. The grouped statement is wrapped in an
 * outer `SELECT …, "assetId" FROM (…)`, so InfluxDB answers with one series of rows
 * `[time, value…, assetId]` instead of one series per asset, which costs it about a third less
 * (docs/performance.md, "Tick path"). The collectors read both shapes.
 */

const HOUR_MS = 3_600_000;

// InfluxQL's scanner ends a quoted token at a raw newline ("bad string"): it is escaped too.
const escapeQuoted = (text: string, quote: string) =>
  text.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`).replaceAll('\n', '\\n');
export const quoteIdent = (name: string) => `"${escapeQuoted(name, '"')}"`;
export const quoteString = (value: string) => `'${escapeQuoted(value, "'")}'`;

/** `raw.<measurement>` of a domain, quoted. */
export function rawSeries(domain: keyof typeof INFLUX_MEASUREMENTS): string {
  return `${quoteIdent(INFLUX_RETENTION.raw.name)}.${quoteIdent(INFLUX_MEASUREMENTS[domain])}`;
}

function kindFilter(kinds: readonly AssetKind[]): string {
  return `(${kinds.map((k) => `"kind" = ${quoteString(k)}`).join(' OR ')})`;
}

/**
 * WHERE fragments that split a measurement's series into disjoint parts by district: one per known
 * district and one for everything else (no district tag, or an unknown code). `[null]`: no split.
 */
export function districtPartitions(split: boolean): (string | null)[] {
  if (!split) return [null];
  return [
    ...DISTRICT_CODES.map((code) => `"district" = ${quoteString(code)}`),
    `"district" !~ /^(${DISTRICT_CODES.join('|')})$/`,
  ];
}

const and = (...parts: (string | null)[]) => parts.filter((p) => p !== null).join(' AND ');

/** The column names of the values the tick path's statements ask for. */
const VALUE = 'agg';
const COUNT = 'n';
const ASSET_ID = 'assetId';

/** `SELECT "agg"[, "n"], "assetId" FROM (inner)`: the inner grouped statement's rows as one series. */
function asOneSeries(inner: string, columns: readonly string[]): string {
  return `SELECT ${[...columns, ASSET_ID].map(quoteIdent).join(', ')} FROM (${inner})`;
}

// ---- no_data: the last report per asset ----

/**
 * `SELECT last(field) … GROUP BY "assetId"` over (from, to] for each field the rule watches (one
 * selector per statement: with several, InfluxDB 1.6 answers with the start of the range as time),
 * answered as one series of `[time of the last report, value, assetId]`.
 */
export function lastSeenStatements(options: {
  domain: keyof typeof INFLUX_MEASUREMENTS;
  fields: ReadonlyMap<MetricName, readonly AssetKind[]>;
  from: number;
  to: number;
  partitions: readonly (string | null)[];
}): string[] {
  const statements: string[] = [];
  for (const [field, kinds] of options.fields) {
    for (const partition of options.partitions) {
      const inner = `SELECT last(${quoteIdent(field)}) AS ${quoteIdent(VALUE)} FROM ${rawSeries(
        options.domain,
      )} WHERE ${and(
        kindFilter(kinds),
        `time > ${options.from}ms`,
        `time <= ${options.to}ms`,
        partition,
      )} GROUP BY "assetId"`;
      statements.push(asOneSeries(inner, [VALUE]));
    }
  }
  return statements;
}

// ---- window: aggregates per asset over each of the rule's windows ----

export interface WindowPlan {
  /** Evaluation time: windows are [at − length, at]. */
  at: number;
  /** Window lengths in hours (as the rule has them), longest first, with their length in ms. */
  windows: { hours: number; ms: number }[];
  /**
   * `buckets`: one statement grouped by time buckets of `bucketMs` aligned to `at` (every window is
   * a whole number of buckets); `per-window`: one statement per window (odd window lengths, and
   * `integral`, see windowPlan).
   */
  mode: 'buckets' | 'per-window';
  bucketMs: number;
}

/** Above this many buckets per asset a window rule is queried window by window instead. */
export const MAX_BUCKETS = 400;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * How a window rule's tick is queried. `integral` is always window by window: grouped by time
 * buckets, InfluxDB interpolates the integral across bucket edges (and across empty buckets, into
 * the next bucket with data), so the buckets of a shorter window would also count area from before
 * it starts; only a statement over exactly the window integrates the points inside it, as
 * `aggregateWindow` does. Sums, counts and maxima of buckets combine exactly.
 */
export function windowPlan(rule: Pick<WindowRule, 'levels' | 'aggregate'>, at: number): WindowPlan {
  const windows = windowsOf(rule).map((hours) => ({ hours, ms: Math.round(hours * HOUR_MS) }));
  const bucketMs = windows.map((w) => w.ms).reduce(gcd);
  const buckets = windows[0]!.ms / bucketMs;
  const mode = rule.aggregate !== 'integral' && buckets <= MAX_BUCKETS ? 'buckets' : 'per-window';
  return { at, windows, mode, bucketMs };
}

function aggregateExpression(rule: Pick<WindowRule, 'aggregate' | 'metric'>): string {
  const field = quoteIdent(rule.metric);
  const as = ` AS ${quoteIdent(VALUE)}`;
  switch (rule.aggregate) {
    case 'integral':
      return `integral(${field}, 1h)${as}`;
    case 'sum':
      return `sum(${field})${as}`;
    case 'max':
      return `max(${field})${as}`;
    case 'mean':
      // Means of several buckets need their sums and counts (both aggregates, not selectors).
      return `sum(${field})${as}, count(${field}) AS ${quoteIdent(COUNT)}`;
  }
}

/**
 * The statements of a window rule's tick. In `buckets` mode:
 * `SELECT sum(f) … WHERE time >= at − longest AND time <= at GROUP BY time(bucket, offset), "assetId" fill(none)`,
 * buckets aligned so that every window starts on a bucket boundary; a window's aggregate is the
 * combination of the buckets that start inside it (empty buckets are left out of the answer). In
 * `per-window` mode: `SELECT integral(f, 1h) … WHERE time >= at − window AND time <= at GROUP BY
 * "assetId"`. Returns statements in partition order; in `per-window` mode, window by window
 * (longest first) within each partition.
 */
export function windowStatements(
  rule: Pick<WindowRule, 'aggregate' | 'metric' | 'domain' | 'assetKinds'>,
  plan: WindowPlan,
  partitions: readonly (string | null)[],
): string[] {
  const select = `SELECT ${aggregateExpression(rule)} FROM ${rawSeries(rule.domain)} WHERE`;
  const columns = rule.aggregate === 'mean' ? [VALUE, COUNT] : [VALUE];
  const statements: string[] = [];
  for (const partition of partitions) {
    if (plan.mode === 'buckets') {
      const from = plan.at - plan.windows[0]!.ms;
      const offset = ((plan.at % plan.bucketMs) + plan.bucketMs) % plan.bucketMs;
      const inner =
        `${select} ${and(kindFilter(rule.assetKinds), `time >= ${from}ms`, `time <= ${plan.at}ms`, partition)} ` +
        `GROUP BY time(${plan.bucketMs}ms, ${offset}ms), "assetId" fill(none)`;
      statements.push(asOneSeries(inner, columns));
    } else {
      for (const window of plan.windows) {
        const inner =
          `${select} ${and(kindFilter(rule.assetKinds), `time >= ${plan.at - window.ms}ms`, `time <= ${plan.at}ms`, partition)} ` +
          'GROUP BY "assetId"';
        statements.push(asOneSeries(inner, columns));
      }
    }
  }
  return statements;
}

// ---- Answers ----

interface InfluxSeries {
  name?: string;
  tags?: Record<string, string>;
  columns?: string[];
  values?: unknown[][];
  /** More rows of this series follow (in a later chunk). */
  partial?: boolean;
}
interface InfluxResult {
  statement_id?: number;
  series?: InfluxSeries[];
  error?: string;
  partial?: boolean;
}
export interface InfluxAnswer {
  results?: InfluxResult[];
  error?: string;
}

export class InfluxQueryError extends Error {}

/** The series of an answer, or an error naming what InfluxDB said. */
export function seriesOf(answer: InfluxAnswer): InfluxSeries[] {
  if (answer.error) throw new InfluxQueryError(`InfluxDB: ${answer.error}`);
  const out: InfluxSeries[] = [];
  for (const result of answer.results ?? []) {
    if (result.error) throw new InfluxQueryError(`InfluxDB: ${result.error}`);
    if (result.series) for (const s of result.series) out.push(s);
  }
  return out;
}

/**
 * A chunked answer (`chunked=true`: one JSON document per line, a series' rows spread over several)
 * as one answer: each statement's series in order, an error kept. The tick path reads chunked
 * answers because a non-chunked one is cut at the server's `max-row-limit` (marked only by a
 * `partial` flag that a long series carries anyway), and one-series answers are long.
 */
export function mergeChunks(text: string): InfluxAnswer {
  const merged: InfluxAnswer = {};
  const byStatement = new Map<number, InfluxResult>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const chunk = JSON.parse(line) as InfluxAnswer;
    if (chunk.error) merged.error ??= chunk.error;
    for (const result of chunk.results ?? []) {
      const id = result.statement_id ?? 0;
      let into = byStatement.get(id);
      if (!into) {
        into = { statement_id: id };
        byStatement.set(id, into);
        (merged.results ??= []).push(into);
      }
      if (result.error) into.error ??= result.error;
      for (const series of result.series ?? []) {
        const { partial: _partial, ...rest } = series;
        (into.series ??= []).push(rest);
      }
    }
  }
  return merged;
}

/**
 * Every row of an answer with its asset: one series of `[time, value…, assetId]` (the statements of
 * this module) or one series per asset with the asset in its tags (a plain grouped statement).
 * Values are at index 1 (and 2, the count of a mean) in both shapes.
 */
function eachRow(answer: InfluxAnswer, visit: (assetId: string, row: unknown[]) => void): void {
  for (const series of seriesOf(answer)) {
    if (!series.values) continue;
    const column = series.columns?.indexOf(ASSET_ID) ?? -1;
    const tagged = series.tags?.assetId;
    for (const row of series.values) {
      const assetId = column > 0 ? row[column] : tagged;
      if (typeof assetId === 'string' && assetId !== '') visit(assetId, row);
    }
  }
}

/**
 * Adds an answer of `lastSeenStatements` to `into` (asset id → event time of its last report); an
 * asset found in several rows (several fields, or a district that changed) keeps the latest.
 */
export function collectLastSeen(answer: InfluxAnswer, into: Map<string, number>): void {
  eachRow(answer, (assetId, row) => {
    const time = row[0];
    if (typeof time !== 'number') return;
    const seen = into.get(assetId);
    if (seen === undefined || time > seen) into.set(assetId, time);
  });
}

/**
 * Per asset, per window w (index into plan.windows): the running aggregate at [w] and the number of
 * points (rows, for aggregates other than mean) at [windows + w]; no count: no data. One array per
 * asset (at 100,000 assets a tick folds 300,000 rows in).
 */
export type WindowAccumulator = Float64Array;

function accumulatorFor(
  into: Map<string, WindowAccumulator>,
  assetId: string,
  windows: number,
): WindowAccumulator {
  let acc = into.get(assetId);
  if (!acc) {
    acc = new Float64Array(2 * windows);
    into.set(assetId, acc);
  }
  return acc;
}

function add(
  acc: WindowAccumulator,
  windows: number,
  w: number,
  aggregate: WindowRule['aggregate'],
  value: number,
  count: number,
): void {
  if (aggregate === 'max') acc[w] = acc[windows + w]! > 0 ? Math.max(acc[w]!, value) : value;
  else acc[w] = acc[w]! + value;
  acc[windows + w] = acc[windows + w]! + count;
}

/**
 * Adds an answer of one `windowStatements` statement to `into`. `window`: in per-window mode, the
 * index of the statement's window; in bucket mode undefined (each row is a bucket and counts for
 * every window it starts inside).
 */
export function collectWindows(
  answer: InfluxAnswer,
  rule: Pick<WindowRule, 'aggregate'>,
  plan: WindowPlan,
  into: Map<string, WindowAccumulator>,
  window?: number,
): void {
  const starts = plan.windows.map((w) => plan.at - w.ms);
  const windows = starts.length;
  eachRow(answer, (assetId, row) => {
    const value = row[1];
    if (typeof value !== 'number') return;
    const count = rule.aggregate === 'mean' && typeof row[2] === 'number' ? row[2] : 1;
    if (!(count > 0)) return;
    const acc = accumulatorFor(into, assetId, windows);
    if (window !== undefined) {
      add(acc, windows, window, rule.aggregate, value, count);
      return;
    }
    const bucket = row[0];
    if (typeof bucket !== 'number') return;
    for (let w = 0; w < windows; w++)
      if (bucket >= starts[w]!) add(acc, windows, w, rule.aggregate, value, count);
  });
}

/** The aggregates of one asset, as `runWindow` takes them (window hours → value, null: no data). */
export function aggregatesOf(
  acc: WindowAccumulator | undefined,
  rule: Pick<WindowRule, 'aggregate'>,
  plan: WindowPlan,
): Map<number, number | null> {
  const out = new Map<number, number | null>();
  const windows = plan.windows.length;
  plan.windows.forEach((window, w) => {
    const count = acc?.[windows + w] ?? 0;
    if (!acc || !(count > 0)) out.set(window.hours, null);
    else if (rule.aggregate === 'mean') out.set(window.hours, acc[w]! / count);
    else out.set(window.hours, acc[w]!);
  });
  return out;
}
