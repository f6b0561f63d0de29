import type { WindowRule } from '@cityops/contracts';
import { type WindowInput, windowsOf } from '../evaluators/window.js';

const HOUR_MS = 3_600_000;

/**
 * The window aggregates of a rule at many evaluation times at once: the same numbers as
 * `windowAggregates(rule, points, at)` for each time (points inside [at − windowHours, at], sum, mean,
 * max, or the trapezoidal integral in value × hours), computed with prefix sums and binary search so a
 * backtest over months stays linear. `points` and `times` sorted by time.
 */
export function windowInputsAt(
  rule: Pick<WindowRule, 'levels' | 'aggregate'>,
  points: readonly { ts: number; value: number }[],
  times: readonly number[],
): WindowInput[] {
  const n = points.length;
  const sums = new Float64Array(n + 1);
  const integral = new Float64Array(Math.max(1, n));
  for (let i = 0; i < n; i++) {
    sums[i + 1] = sums[i]! + points[i]!.value;
    if (i > 0) {
      const [a, b] = [points[i - 1]!, points[i]!];
      integral[i] = integral[i - 1]! + ((a.value + b.value) / 2) * ((b.ts - a.ts) / HOUR_MS);
    }
  }
  const windows = windowsOf(rule);
  return times.map((at) => {
    const hi = upperBound(points, at) - 1;
    const aggregates = new Map<number, number | null>();
    for (const hours of windows) {
      const lo = lowerBound(points, at - hours * HOUR_MS);
      if (hi < lo) {
        aggregates.set(hours, null);
        continue;
      }
      switch (rule.aggregate) {
        case 'sum':
          aggregates.set(hours, sums[hi + 1]! - sums[lo]!);
          break;
        case 'mean':
          aggregates.set(hours, (sums[hi + 1]! - sums[lo]!) / (hi - lo + 1));
          break;
        case 'integral':
          aggregates.set(hours, integral[hi]! - integral[lo]!);
          break;
        case 'max': {
          let max = -Infinity;
          for (let i = lo; i <= hi; i++) max = Math.max(max, points[i]!.value);
          aggregates.set(hours, max);
          break;
        }
      }
    }
    return { at, aggregates };
  });
}

/** First index whose ts >= t. */
function lowerBound(points: readonly { ts: number }[], t: number): number {
  let [lo, hi] = [0, points.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]!.ts < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose ts > t. */
function upperBound(points: readonly { ts: number }[], t: number): number {
  let [lo, hi] = [0, points.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]!.ts <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
