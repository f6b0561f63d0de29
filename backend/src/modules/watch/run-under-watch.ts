import type { ThresholdRule } from '@cityops/contracts';
import {
  type AlertState,
  type ReadingPoint,
  type TransitionDraft,
  stepAlert,
} from '../alerting/alert-state-machine.js';

/**
 * A sensor's readings (any order) through a threshold rule in event time, where the rule in force may
 * differ per reading (a watch starting or ending in the middle of a batch): `ruleAt(ts)` gives it,
 * normally `WatchService.effectiveRule(rule, district, ts)`. With the same rule for every reading this
 * is exactly `runAlertSequence`.
 */
export function runThresholdUnderWatch(
  initial: AlertState | undefined,
  ruleAt: (ts: number) => ThresholdRule,
  readings: readonly ReadingPoint[],
): { state: AlertState | undefined; transitions: TransitionDraft[] } {
  let state = initial;
  const transitions: TransitionDraft[] = [];
  for (const reading of [...readings].sort((a, b) => a.ts - b.ts)) {
    const result = stepAlert(state, ruleAt(reading.ts), reading);
    state = result.state;
    transitions.push(...result.transitions);
  }
  return { state, transitions };
}
