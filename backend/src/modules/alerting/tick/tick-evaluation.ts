import type { AlertTransition } from '@cityops/contracts';
import { type AlertState, type TransitionDraft, transitionId } from '../alert-state-machine.js';
import type { LoadedState, StateChange } from './tick-state.repository.js';

/*
 * What one tick of one rule produces, collected key by key: the state writes (compare-and-set
 * against what the tick loaded) and the transitions, bound to the rule, key and metric. Pure.
 */

export interface TickEvaluation {
  changes: StateChange[];
  transitions: AlertTransition[];
  /** Keys (assets, cases, areas) evaluated. */
  evaluated: number;
}

/** Index members whose state is gone are removed from the index. */
export function newEvaluation(missingKeys: readonly string[] = []): TickEvaluation {
  return {
    changes: missingKeys.map((key) => ({ key, before: null, after: null })),
    transitions: [],
    evaluated: 0,
  };
}

/**
 * Whether a state must be kept: an alert is up, a duration or flap wait is running, a cluster has
 * members, or (for case rules, whose event times repeat) it changed within `retainMs`. A state that
 * is none of these is deleted: the next tick starts fresh, and a transition it would repeat carries
 * the same id, which the incident store drops.
 */
export function worthKeeping(state: AlertState, tickAt: number, retainMs: number): boolean {
  return (
    state.active ||
    state.pendingSince !== undefined ||
    state.clearingSince !== undefined ||
    (state.flap !== undefined && (state.flap.flapping || state.flap.flips.length > 0)) ||
    (state.members?.length ?? 0) > 0 ||
    tickAt - state.lastTs < retainMs
  );
}

export interface Binding {
  ruleId: string;
  /** The asset id, case id or cluster area the transitions are about. */
  assetId: string;
  metric: string;
  subject: AlertTransition['subject'];
}

/** Adds one key's outcome: the state write (if any) and its transitions. */
export function record(
  into: TickEvaluation,
  key: string,
  loaded: LoadedState | undefined,
  state: AlertState | undefined,
  drafts: readonly TransitionDraft[],
  binding: Binding,
  keep: (state: AlertState) => boolean,
): void {
  into.evaluated++;
  const after = state && keep(state) ? state : null;
  if (after !== (loaded?.state ?? null))
    into.changes.push({ key, before: loaded?.raw ?? null, after });
  for (const draft of drafts) {
    into.transitions.push({
      ...draft,
      transitionId: transitionId(binding.ruleId, binding.assetId, draft),
      ruleId: binding.ruleId,
      assetId: binding.assetId,
      metric: binding.metric,
      subject: binding.subject,
    });
  }
}

/** The part of a state key ("ruleId|key") after the rule id. */
export function keyOf(stateKey: string): string {
  return stateKey.slice(stateKey.indexOf('|') + 1);
}
