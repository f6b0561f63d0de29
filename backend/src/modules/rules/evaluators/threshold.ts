import type { ThresholdRule } from '@cityops/contracts';
import {
  type AlertState,
  type ReadingPoint,
  type TransitionDraft,
  runAlertSequence,
} from '../../alerting/alert-state-machine.js';

/**
 * Threshold rules over an asset's readings (any order; applied in event time): levels, clear value
 * (hysteresis), `rateRaise`, `forMinutes`/`clearForMinutes` and flap damping. The fast path runs
 * this on every batch; the tick path can run it on the readings of one grouped query.
 */
export function runThreshold(
  rule: ThresholdRule,
  state: AlertState | undefined,
  readings: readonly ReadingPoint[],
): { state: AlertState | undefined; transitions: TransitionDraft[] } {
  return runAlertSequence(state, rule, readings);
}
