import {
  type Severity,
  type WindowAggregate,
  type WindowRule,
  severityRank,
} from '@cityops/contracts';
import {
  type AlertState,
  type Observation,
  type TransitionDraft,
  behaviourOf,
  runObservations,
} from '../../alerting/alert-state-machine.js';

const HOUR_MS = 3_600_000;

/**
 * One evaluation of a window rule for one asset: at event time `at`, the aggregate of the rule's
 * metric over each of its windows (window length in hours → value; null or missing: no data in
 * that window). The tick path gets these from one grouped InfluxQL query per rule group; tests and
 * backtests can build them from points with `windowAggregates`.
 */
export interface WindowInput {
  at: number;
  aggregates: ReadonlyMap<number, number | null>;
}

/** The distinct window lengths a rule needs, in hours, longest first. */
export function windowsOf(rule: Pick<WindowRule, 'levels'>): number[] {
  return [...new Set(rule.levels.map((l) => l.windowHours))].sort((a, b) => b - a);
}

/**
 * The aggregate of points inside [at − windowHours, at] (null when none fall inside). `integral` is
 * trapezoidal in value × hours between the points inside the window, like InfluxQL's
 * INTEGRAL(field, 1h).
 */
export function aggregateWindow(
  points: readonly { ts: number; value: number }[],
  aggregate: WindowAggregate,
  at: number,
  windowHours: number,
): number | null {
  const from = at - windowHours * HOUR_MS;
  const inside = points.filter((p) => p.ts >= from && p.ts <= at).sort((a, b) => a.ts - b.ts);
  if (inside.length === 0) return null;
  const values = inside.map((p) => p.value);
  switch (aggregate) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'max':
      return Math.max(...values);
    case 'integral': {
      let total = 0;
      for (let i = 1; i < inside.length; i++) {
        const [a, b] = [inside[i - 1]!, inside[i]!];
        total += ((a.value + b.value) / 2) * ((b.ts - a.ts) / HOUR_MS);
      }
      return total;
    }
  }
}

/** Every window a rule needs, aggregated from raw points at `at`. */
export function windowAggregates(
  rule: Pick<WindowRule, 'levels' | 'aggregate'>,
  points: readonly { ts: number; value: number }[],
  at: number,
): WindowInput {
  return {
    at,
    aggregates: new Map(
      windowsOf(rule).map((h) => [h, aggregateWindow(points, rule.aggregate, at, h)]),
    ),
  };
}

/**
 * Which level the windows reach: the highest severity whose window's aggregate passes its value
 * (>= for `above`, <= for `below`). Value: that level's aggregate, or the longest window's when none.
 */
export function observeWindows(rule: WindowRule, input: WindowInput): Observation {
  let hit: { severity: Severity; value: number } | null = null;
  for (const level of rule.levels) {
    const value = input.aggregates.get(level.windowHours);
    if (value === null || value === undefined) continue;
    const passes = rule.direction === 'above' ? value >= level.value : value <= level.value;
    if (passes && (hit === null || severityRank(level.severity) > severityRank(hit.severity)))
      hit = { severity: level.severity, value };
  }
  const longest = input.aggregates.get(windowsOf(rule)[0]!) ?? 0;
  const value = round(hit ? hit.value : longest);
  return { at: input.at, value, severity: hit?.severity ?? null, clear: hit === null };
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * A window rule for one asset over evaluations in any order (applied in event time), through the
 * shared state machine (`forMinutes`, `clearForMinutes` and flap damping apply).
 */
export function runWindow(
  rule: WindowRule,
  state: AlertState | undefined,
  inputs: readonly WindowInput[],
): { state: AlertState | undefined; transitions: TransitionDraft[] } {
  return runObservations(
    state,
    inputs.map((input) => observeWindows(rule, input)),
    behaviourOf(rule),
  );
}
