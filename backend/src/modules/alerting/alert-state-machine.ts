import type { AlertTransition, Severity, ThresholdRule } from '@cityops/contracts';
import { evaluateThreshold } from '../rules/evaluate-threshold.js';

/** What the platform remembers per (rule, asset) between readings. */
export interface AlertState {
  active: boolean;
  severity: Severity | null;
  /** Event time the alert became active. */
  since: number | null;
  /** Event time of the last reading applied; older or equal readings are ignored. */
  lastTs: number;
  lastValue: number;
}

export interface ReadingPoint {
  ts: number;
  value: number;
}

export interface StepResult {
  state: AlertState;
  transition: Omit<AlertTransition, 'transitionId' | 'ruleId' | 'assetId' | 'metric'> | null;
}

/**
 * One reading through a threshold rule's alert state machine, in event time.
 * inactive --level reached--> active(severity) --other level--> active(other) --clear--> inactive.
 * Between the lowest level and the clear value (hysteresis band) an active alert keeps its severity.
 * A reading not newer than the last one applied changes nothing (replays, duplicates, late stragglers).
 */
export function stepAlert(
  state: AlertState | undefined,
  rule: ThresholdRule,
  reading: ReadingPoint,
): StepResult {
  if (state && reading.ts <= state.lastTs) return { state, transition: null };
  const { severity, clear } = evaluateThreshold(rule, reading.value);
  const base = { lastTs: reading.ts, lastValue: reading.value };

  if (!state?.active) {
    if (severity === null)
      return { state: { active: false, severity: null, since: null, ...base }, transition: null };
    return {
      state: { active: true, severity, since: reading.ts, ...base },
      transition: {
        kind: 'raised',
        severity,
        previousSeverity: null,
        at: reading.ts,
        value: reading.value,
      },
    };
  }

  if (clear) {
    return {
      state: { active: false, severity: null, since: null, ...base },
      transition: {
        kind: 'cleared',
        severity: null,
        previousSeverity: state.severity,
        at: reading.ts,
        value: reading.value,
      },
    };
  }
  if (severity !== null && severity !== state.severity) {
    return {
      state: { ...state, severity, ...base },
      transition: {
        kind: 'changed',
        severity,
        previousSeverity: state.severity,
        at: reading.ts,
        value: reading.value,
      },
    };
  }
  return { state: { ...state, ...base }, transition: null };
}

/** Runs a sensor's readings (any order) through the machine in event time; returns every transition. */
export function runAlertSequence(
  initial: AlertState | undefined,
  rule: ThresholdRule,
  readings: readonly ReadingPoint[],
): { state: AlertState | undefined; transitions: NonNullable<StepResult['transition']>[] } {
  let state = initial;
  const transitions: NonNullable<StepResult['transition']>[] = [];
  for (const reading of [...readings].sort((a, b) => a.ts - b.ts)) {
    const result = stepAlert(state, rule, reading);
    state = result.state;
    if (result.transition) transitions.push(result.transition);
  }
  return { state, transitions };
}

/** Deterministic id of a transition: the same evaluation always produces the same id. */
export function transitionId(
  ruleId: string,
  assetId: string,
  t: { kind: string; at: number; severity: Severity | null },
): string {
  return `${ruleId}|${assetId}|${t.at}|${t.kind}|${t.severity ?? 'none'}`;
}
