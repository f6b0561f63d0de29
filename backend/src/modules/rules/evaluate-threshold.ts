import {
  type Rule,
  type Severity,
  type ThresholdRule,
  raiseSeverity,
  severityRank,
} from '@cityops/contracts';

export interface ThresholdEvaluation {
  /** Highest active level, or null when no level's condition holds. */
  severity: Severity | null;
  /** The clear condition holds (value back on the safe side of `clear`). */
  clear: boolean;
}

/** Which level a value reaches under a threshold rule, and whether it satisfies the clear condition. */
export function evaluateThreshold(
  rule: Pick<ThresholdRule, 'direction' | 'levels' | 'clear'>,
  value: number,
): ThresholdEvaluation {
  let severity: Severity | null = null;
  for (const level of rule.levels) {
    const active = rule.direction === 'above' ? value >= level.value : value < level.value;
    if (active && (severity === null || severityRank(level.severity) > severityRank(severity))) {
      severity = level.severity;
    }
  }
  const clear = rule.direction === 'above' ? value < rule.clear : value >= rule.clear;
  return { severity, clear };
}

/**
 * How far the value moved towards danger within the rate window ending at the reading: for `above`
 * the rise over the lowest value in the window, for `below` the fall under the highest. `recent`
 * holds the earlier readings ([ts, value], oldest first); the returned list is the new window.
 */
export function rateOfMove(
  direction: ThresholdRule['direction'],
  windowMs: number,
  recent: readonly [number, number][] | undefined,
  reading: { ts: number; value: number },
): { move: number; recent: [number, number][] } {
  const from = reading.ts - windowMs;
  const window: [number, number][] = [
    ...(recent ?? []).filter(([ts]) => ts >= from && ts < reading.ts),
    [reading.ts, reading.value],
  ];
  const values = window.map(([, v]) => v);
  const move =
    direction === 'above'
      ? reading.value - Math.min(...values)
      : Math.max(...values) - reading.value;
  return { move, recent: window };
}

/**
 * One reading as an observation of a threshold rule: the level it reaches (one higher when the value
 * moved towards danger faster than `rateRaise` allows, capped at red; a fast move alone, with no
 * level reached, raises nothing) and whether the clear condition holds.
 */
export function observeReading(
  rule: ThresholdRule,
  recent: readonly [number, number][] | undefined,
  reading: { ts: number; value: number },
): {
  observation: { at: number; value: number; severity: Severity | null; clear: boolean };
  recent: [number, number][] | undefined;
} {
  const { severity, clear } = evaluateThreshold(rule, reading.value);
  if (!rule.rateRaise) {
    return {
      observation: { at: reading.ts, value: reading.value, severity, clear },
      recent: undefined,
    };
  }
  const rate = rateOfMove(rule.direction, rule.rateRaise.windowMinutes * 60_000, recent, reading);
  const fast = rate.move > rule.rateRaise.deltaPerWindow;
  return {
    observation: {
      at: reading.ts,
      value: reading.value,
      severity: severity !== null && fast ? raiseSeverity(severity) : severity,
      clear,
    },
    recent: rate.recent,
  };
}

/** The rule's title with {asset} and {value} filled in. */
export function renderTitle(rule: Pick<Rule, 'title'>, assetName: string, value: number): string {
  return rule.title.replaceAll('{asset}', assetName).replaceAll('{value}', formatValue(value));
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
