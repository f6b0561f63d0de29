import type { AlertTransition, FlapDamping, Severity, ThresholdRule } from '@cityops/contracts';
import { observeReading } from '../rules/evaluate-threshold.js';

/*
 * The one alert state machine every rule kind feeds (docs/rules.md). A rule kind turns its inputs
 * into observations: at event time `at`, the condition reaches `severity` (or none) and its clear
 * condition does (not) hold. The machine turns observations into transitions in two layers:
 *
 *   1. the condition: inactive --level held for forMs--> active(severity) --other level-->
 *      active(other) --clear held for clearForMs--> inactive. Between the lowest level and the
 *      clear value (the hysteresis band) an active alert keeps its severity; a level that stops
 *      before it has held for forMs resets the wait (a brief dip does not raise).
 *   2. flap damping (optional): more than maxTransitions raise/clear flips of the condition within
 *      windowMs keep the alert raised and mark it flapping, until the condition has not flipped for
 *      quietMs; then the alert follows the condition again.
 *
 * Everything runs in event time. An observation not newer than the last one applied changes nothing
 * (replays, duplicates, late stragglers), so a batch replayed from saved state yields no transitions.
 */

/** What the platform remembers per (rule, key) between evaluations. Stored as JSON in Redis. */
export interface AlertState {
  /** The alert as incidents see it. */
  active: boolean;
  severity: Severity | null;
  /** Event time the alert became active. */
  since: number | null;
  /** Event time of the last observation applied; older or equal ones are ignored. */
  lastTs: number;
  lastValue: number;
  /** Duration: the raise condition has held since this event time, not yet long enough. */
  pendingSince?: number;
  /** Duration: the clear condition has held since this event time, not yet long enough. */
  clearingSince?: number;
  /** Rate raise: [event time, value] of the readings inside the rate window. */
  recent?: [number, number][];
  /** Flap damping bookkeeping (only for rules with `flap`). */
  flap?: FlapState;
  /** Case clusters: the ids of the cases in the cluster. */
  members?: string[];
}

export interface FlapState {
  /** Event times of the condition's raise/clear flips inside the flap window. */
  flips: number[];
  /** Event time of the last flip (the quiet period counts from it). */
  lastFlipAt: number | null;
  flapping: boolean;
  /** While flapping, the condition underneath (the alert itself stays raised). */
  condition?: { active: boolean; severity: Severity | null };
}

/** One evaluation of a rule's condition at an event time. */
export interface Observation {
  at: number;
  value: number;
  /** The highest level the condition reaches now, or null. */
  severity: Severity | null;
  /** The clear condition holds now (for kinds without hysteresis: severity === null). */
  clear: boolean;
}

/** How a rule's alerts behave over time: durations and flap damping, in milliseconds. */
export interface Behaviour {
  forMs: number;
  clearForMs: number;
  flap?: { maxTransitions: number; windowMs: number; quietMs: number };
}

export const IMMEDIATE: Behaviour = { forMs: 0, clearForMs: 0 };

export function behaviourOf(rule: {
  forMinutes?: number;
  clearForMinutes?: number;
  flap?: FlapDamping;
}): Behaviour {
  return {
    forMs: (rule.forMinutes ?? 0) * 60_000,
    clearForMs: (rule.clearForMinutes ?? 0) * 60_000,
    ...(rule.flap && {
      flap: {
        maxTransitions: rule.flap.maxTransitions,
        windowMs: rule.flap.windowMinutes * 60_000,
        quietMs: rule.flap.quietMinutes * 60_000,
      },
    }),
  };
}

/** A transition before it is bound to a rule, key and metric. */
export type TransitionDraft = Omit<
  AlertTransition,
  'transitionId' | 'ruleId' | 'assetId' | 'metric' | 'subject'
> & {
  /** The alert is being held raised by flap damping. */
  flapping: boolean;
};

export interface StepResult {
  state: AlertState;
  transitions: TransitionDraft[];
}

type Condition = { active: boolean; severity: Severity | null };
type Flip = { kind: TransitionDraft['kind']; severity: Severity | null; previous: Severity | null };

/** Applies one observation to the state machine. */
export function applyObservation(
  state: AlertState | undefined,
  obs: Observation,
  behaviour: Behaviour,
): StepResult {
  if (state && obs.at <= state.lastTs) return { state, transitions: [] };
  const transitions: TransitionDraft[] = [];
  let next: AlertState = state
    ? { ...state, lastTs: obs.at, lastValue: obs.value }
    : { active: false, severity: null, since: null, lastTs: obs.at, lastValue: obs.value };

  // 2a. A flapping alert that has been quiet long enough follows its condition again.
  let flap = behaviour.flap
    ? quietEnd(next, obs, behaviour.flap, state?.lastValue ?? obs.value, transitions)
    : undefined;
  if (flap) next = flap.state;

  // 1. The condition (underneath a flapping alert, or the alert itself).
  const flapping = next.flap?.flapping === true;
  const before: Condition = flapping
    ? next.flap!.condition!
    : { active: next.active, severity: next.severity };
  const { condition, flip, pendingSince, clearingSince } = stepCondition(
    before,
    next,
    obs,
    behaviour,
  );
  next = withDurations(next, pendingSince, clearingSince);

  // 2b. The alert follows the condition, unless flap damping holds it.
  if (!behaviour.flap) {
    if (flip) {
      transitions.push(draft(flip, obs, false));
      next = follow(next, condition, obs.at);
    }
    return { state: next, transitions };
  }
  flap = dampen(next, condition, flip, obs, behaviour.flap, transitions);
  return { state: flap.state, transitions };
}

function stepCondition(
  before: Condition,
  state: AlertState,
  obs: Observation,
  behaviour: Behaviour,
): {
  condition: Condition;
  flip: Flip | null;
  pendingSince: number | undefined;
  clearingSince: number | undefined;
} {
  if (!before.active) {
    if (obs.severity === null)
      return { condition: before, flip: null, pendingSince: undefined, clearingSince: undefined };
    const pendingSince = state.pendingSince ?? obs.at;
    if (obs.at - pendingSince < behaviour.forMs)
      return { condition: before, flip: null, pendingSince, clearingSince: undefined };
    return {
      condition: { active: true, severity: obs.severity },
      flip: { kind: 'raised', severity: obs.severity, previous: null },
      pendingSince: undefined,
      clearingSince: undefined,
    };
  }
  if (obs.clear) {
    const clearingSince = state.clearingSince ?? obs.at;
    if (obs.at - clearingSince < behaviour.clearForMs)
      return { condition: before, flip: null, pendingSince: undefined, clearingSince };
    return {
      condition: { active: false, severity: null },
      flip: { kind: 'cleared', severity: null, previous: before.severity },
      pendingSince: undefined,
      clearingSince: undefined,
    };
  }
  if (obs.severity !== null && obs.severity !== before.severity) {
    return {
      condition: { active: true, severity: obs.severity },
      flip: { kind: 'changed', severity: obs.severity, previous: before.severity },
      pendingSince: undefined,
      clearingSince: undefined,
    };
  }
  return { condition: before, flip: null, pendingSince: undefined, clearingSince: undefined };
}

function withDurations(
  state: AlertState,
  pendingSince: number | undefined,
  clearingSince: number | undefined,
): AlertState {
  const next = { ...state };
  if (pendingSince === undefined) delete next.pendingSince;
  else next.pendingSince = pendingSince;
  if (clearingSince === undefined) delete next.clearingSince;
  else next.clearingSince = clearingSince;
  return next;
}

/** The alert takes the condition's state. */
function follow(state: AlertState, condition: Condition, at: number): AlertState {
  if (!condition.active) return { ...state, active: false, severity: null, since: null };
  return {
    ...state,
    active: true,
    severity: condition.severity,
    since: state.active ? state.since : at,
  };
}

function draft(flip: Flip, obs: { at: number; value: number }, flapping: boolean): TransitionDraft {
  return {
    kind: flip.kind,
    severity: flip.severity,
    previousSeverity: flip.previous,
    at: obs.at,
    value: obs.value,
    flapping,
  };
}

type FlapConfig = NonNullable<Behaviour['flap']>;

/** Ends flapping once the condition has been quiet for quietMs (at lastFlipAt + quietMs). */
function quietEnd(
  state: AlertState,
  obs: Observation,
  config: FlapConfig,
  lastValue: number,
  out: TransitionDraft[],
): { state: AlertState } {
  const flap = state.flap;
  if (!flap?.flapping || flap.lastFlipAt === null || obs.at - flap.lastFlipAt < config.quietMs)
    return { state };
  const condition = flap.condition ?? { active: state.active, severity: state.severity };
  const quietAt = flap.lastFlipAt + config.quietMs;
  const reset: FlapState = { flips: [], lastFlipAt: flap.lastFlipAt, flapping: false };
  if (!condition.active && state.active) {
    out.push({
      kind: 'cleared',
      severity: null,
      previousSeverity: state.severity,
      at: quietAt,
      value: lastValue,
      flapping: false,
    });
    return { state: { ...state, active: false, severity: null, since: null, flap: reset } };
  }
  return { state: { ...state, flap: reset } };
}

/** Layer 2: counts the condition's flips and holds the alert raised while they come too fast. */
function dampen(
  state: AlertState,
  condition: Condition,
  flip: Flip | null,
  obs: Observation,
  config: FlapConfig,
  out: TransitionDraft[],
): { state: AlertState } {
  const previous = state.flap ?? { flips: [], lastFlipAt: null, flapping: false };
  const isFlip = flip !== null && flip.kind !== 'changed';
  const flips = previous.flips.filter((t) => t > obs.at - config.windowMs);
  if (isFlip) flips.push(obs.at);
  const lastFlipAt = isFlip ? obs.at : previous.lastFlipAt;

  if (!previous.flapping) {
    const startsFlapping = isFlip && flips.length > config.maxTransitions;
    if (!startsFlapping) {
      if (flip) out.push(draft(flip, obs, false));
      const next = flip ? follow(state, condition, obs.at) : state;
      return { state: { ...next, flap: { flips, lastFlipAt, flapping: false } } };
    }
    const flap: FlapState = { flips, lastFlipAt, flapping: true, condition };
    if (flip.kind === 'raised') {
      // The raise that makes it a flap goes out, marked; from now on the alert stays raised.
      out.push(draft(flip, obs, true));
      return { state: { ...follow(state, condition, obs.at), flap } };
    }
    // The clear that makes it a flap is held back; the open alert is marked flapping instead.
    out.push({
      kind: 'changed',
      severity: state.severity,
      previousSeverity: state.severity,
      at: obs.at,
      value: obs.value,
      flapping: true,
    });
    return { state: { ...state, flap } };
  }

  // Flapping: the alert stays raised; only a new severity of the condition goes out, marked.
  const flap: FlapState = { flips, lastFlipAt, flapping: true, condition };
  if (condition.active && condition.severity !== state.severity) {
    out.push({
      kind: 'changed',
      severity: condition.severity,
      previousSeverity: state.severity,
      at: obs.at,
      value: obs.value,
      flapping: true,
    });
    return { state: { ...state, severity: condition.severity, flap } };
  }
  return { state: { ...state, flap } };
}

/** Runs observations (any order) through the machine in event time; returns every transition. */
export function runObservations(
  initial: AlertState | undefined,
  observations: readonly Observation[],
  behaviour: Behaviour,
): { state: AlertState | undefined; transitions: TransitionDraft[] } {
  let state = initial;
  const transitions: TransitionDraft[] = [];
  for (const obs of [...observations].sort((a, b) => a.at - b.at)) {
    const result = applyObservation(state, obs, behaviour);
    state = result.state;
    transitions.push(...result.transitions);
  }
  return { state, transitions };
}

// ---- Threshold rules on readings (the fast path) ----

export interface ReadingPoint {
  ts: number;
  value: number;
}

/**
 * One reading through a threshold rule: its levels, clear value, rate raise, duration and flap
 * damping. A reading not newer than the last one applied changes nothing.
 */
export function stepAlert(
  state: AlertState | undefined,
  rule: ThresholdRule,
  reading: ReadingPoint,
): StepResult {
  if (state && reading.ts <= state.lastTs) return { state, transitions: [] };
  const { observation, recent } = observeReading(rule, state?.recent, reading);
  const result = applyObservation(state, observation, behaviourOf(rule));
  if (recent === undefined) return result;
  return { ...result, state: { ...result.state, recent } };
}

/** Runs a sensor's readings (any order) through a threshold rule in event time; every transition. */
export function runAlertSequence(
  initial: AlertState | undefined,
  rule: ThresholdRule,
  readings: readonly ReadingPoint[],
): { state: AlertState | undefined; transitions: TransitionDraft[] } {
  let state = initial;
  const transitions: TransitionDraft[] = [];
  for (const reading of [...readings].sort((a, b) => a.ts - b.ts)) {
    const result = stepAlert(state, rule, reading);
    state = result.state;
    transitions.push(...result.transitions);
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
