import type { AssetKind, NoDataRule } from '@cityops/contracts';
import {
  type AlertState,
  type Observation,
  type TransitionDraft,
  behaviourOf,
  runObservations,
} from '../../alerting/alert-state-machine.js';

export interface NoDataInput {
  /** Event time of the asset's last reading (of the rule's metric, when it names one); null: never. */
  lastSeenAt: number | null;
  /** The tick's time: silence is measured up to here. */
  now: number;
  /** Where silence counts from for an asset that never reported (e.g. when it was registered). */
  watchedSince?: number | null;
}

/** How long an asset of this kind may be silent before the rule fires, in ms (null: kind not covered). */
export function silenceLimitMs(rule: NoDataRule, kind: AssetKind): number | null {
  const interval = rule.expectedIntervalSec[kind];
  return interval === undefined ? null : rule.intervals * interval * 1000;
}

/**
 * A no-data rule for one asset at a tick. The alert is raised at the exact event time the silence
 * reached `intervals` reporting intervals (last reading + limit), whenever the tick notices it, and
 * clears at the event time of the first reading after it. Value: minutes of silence (0 on clear).
 * Evaluating the same tick again changes nothing.
 */
export function runNoData(
  rule: NoDataRule,
  kind: AssetKind,
  state: AlertState | undefined,
  input: NoDataInput,
): { state: AlertState | undefined; transitions: TransitionDraft[] } {
  const limitMs = silenceLimitMs(rule, kind);
  const origin = input.lastSeenAt ?? input.watchedSince ?? null;
  if (limitMs === null || origin === null) return { state, transitions: [] };

  const observations: Observation[] = [];
  const silent = input.now - origin >= limitMs;
  const alerting = state?.flap?.flapping ? state.flap.condition?.active : state?.active;
  const fresh = input.lastSeenAt !== null && input.lastSeenAt > (state?.lastTs ?? -Infinity);
  if (fresh && (alerting || state?.flap?.flapping)) {
    // Data came back after the silence that raised the alert (while flapping, the reading also
    // moves event time on for the quiet period).
    observations.push({ at: input.lastSeenAt!, value: 0, severity: null, clear: true });
  } else if (alerting && input.lastSeenAt !== null && !silent) {
    // A late batch moved the last reading forward, yet not past the raise: the asset is not silent
    // after all. Clear just after the raise (event time must move on).
    observations.push({ at: state!.lastTs + 1, value: 0, severity: null, clear: true });
  }
  if (silent) {
    observations.push({
      at: origin + limitMs,
      value: Math.round(limitMs / 60_000),
      severity: rule.severity,
      clear: false,
    });
  }
  return runObservations(state, observations, behaviourOf(rule));
}
