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
 * InfluxDB 1.6 spends most of a grouped query on each group (about 30 µs of CPU per series on the
 * machine of docs/performance.md), so large groups are split by the district tag into partitions
 * that run side by side; the answers are merged by asset.
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

// ---- no_data: the last report per asset ----

/**
 * `SELECT last(field) … GROUP BY "assetId"` over (from, to] for each field the rule watches (one
 * selector per statement: with several, InfluxDB 1.6 answers with the start of the range as time).
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
      statements.push(
        `SELECT last(${quoteIdent(field)}) FROM ${rawSeries(options.domain)} WHERE ${and(
          kindFilter(kinds),
          `time > ${options.from}ms`,
          `time <= ${options.to}ms`,
          partition,
        )} GROUP BY "assetId"`,
      );
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
  switch (rule.aggregate) {
    case 'integral':
      return `integral(${field}, 1h)`;
    case 'sum':
      return `sum(${field})`;
    case 'max':
      return `max(${field})`;
    case 'mean':
      // Means of several buckets need their sums and counts (both aggregates, not selectors).
      return `sum(${field}), count(${field})`;
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
  const statements: string[] = [];
  for (const partition of partitions) {
    if (plan.mode === 'buckets') {
      const from = plan.at - plan.windows[0]!.ms;
      const offset = ((plan.at % plan.bucketMs) + plan.bucketMs) % plan.bucketMs;
      statements.push(
        `${select} ${and(kindFilter(rule.assetKinds), `time >= ${from}ms`, `time <= ${plan.at}ms`, partition)} ` +
          `GROUP BY time(${plan.bucketMs}ms, ${offset}ms), "assetId" fill(none)`,
      );
    } else {
      for (const window of plan.windows) {
        statements.push(
          `${select} ${and(kindFilter(rule.assetKinds), `time >= ${plan.at - window.ms}ms`, `time <= ${plan.at}ms`, partition)} ` +
            'GROUP BY "assetId"',
        );
      }
    }
  }
  return statements;
}

// ---- Answers ----

interface InfluxSeries {
  tags?: Record<string, string>;
  columns?: string[];
  values?: unknown[][];
}
export interface InfluxAnswer {
  results?: { statement_id?: number; series?: InfluxSeries[]; error?: string }[];
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
 * Adds an answer of `lastSeenStatements` to `into` (asset id → event time of its last report); an
 * asset found in several series (several fields, or a district that changed) keeps the latest.
 */
export function collectLastSeen(answer: InfluxAnswer, into: Map<string, number>): void {
  for (const series of seriesOf(answer)) {
    const assetId = series.tags?.assetId;
    const time = series.values?.[0]?.[0];
    if (!assetId || typeof time !== 'number') continue;
    const seen = into.get(assetId);
    if (seen === undefined || time > seen) into.set(assetId, time);
  }
}

/** Per asset, per window (index into plan.windows): the running aggregate and the point count. */
export interface WindowAccumulator {
  value: Float64Array;
  count: Float64Array;
  /** Whether any bucket (or window row) has data. */
  seen: Uint8Array;
}

function accumulatorFor(
  into: Map<string, WindowAccumulator>,
  assetId: string,
  windows: number,
): WindowAccumulator {
  let acc = into.get(assetId);
  if (!acc) {
    acc = {
      value: new Float64Array(windows),
      count: new Float64Array(windows),
      seen: new Uint8Array(windows),
    };
    into.set(assetId, acc);
  }
  return acc;
}

function add(
  acc: WindowAccumulator,
  w: number,
  aggregate: WindowRule['aggregate'],
  value: number,
  count: number,
): void {
  if (aggregate === 'max') acc.value[w] = acc.seen[w] ? Math.max(acc.value[w]!, value) : value;
  else acc.value[w] = acc.value[w]! + value;
  acc.count[w] = acc.count[w]! + count;
  acc.seen[w] = 1;
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
  for (const series of seriesOf(answer)) {
    const assetId = series.tags?.assetId;
    if (!assetId || !series.values) continue;
    const acc = accumulatorFor(into, assetId, plan.windows.length);
    for (const row of series.values) {
      const value = row[1];
      if (typeof value !== 'number') continue;
      const count = rule.aggregate === 'mean' && typeof row[2] === 'number' ? row[2] : 1;
      if (window !== undefined) {
        add(acc, window, rule.aggregate, value, count);
        continue;
      }
      const bucket = row[0];
      if (typeof bucket !== 'number') continue;
      for (let w = 0; w < starts.length; w++)
        if (bucket >= starts[w]!) add(acc, w, rule.aggregate, value, count);
    }
  }
}

/** The aggregates of one asset, as `runWindow` takes them (window hours → value, null: no data). */
export function aggregatesOf(
  acc: WindowAccumulator | undefined,
  rule: Pick<WindowRule, 'aggregate'>,
  plan: WindowPlan,
): Map<number, number | null> {
  const out = new Map<number, number | null>();
  plan.windows.forEach((window, w) => {
    if (!acc?.seen[w]) out.set(window.hours, null);
    else if (rule.aggregate === 'mean')
      out.set(window.hours, acc.count[w]! > 0 ? acc.value[w]! / acc.count[w]! : null);
    else out.set(window.hours, acc.value[w]!);
  });
  return out;
}
