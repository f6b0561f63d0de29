import type { EscalationStep, EscalationTarget } from '@cityops/contracts';

/** What an escalation runs: a copy of the policy taken when it starts. */
export interface PolicySpec {
  steps: readonly EscalationStep[];
  repeat: number;
  repeatAfterMinutes: number;
}

/** One planned page: round (0 first), step index, and when (ms after the incident opened). */
export interface PlannedStep {
  round: number;
  step: number;
  afterMs: number;
  notify: readonly EscalationTarget[];
}

/** Where a step comes after the one before it: the step's own wait, or the pause between rounds. */
export function nextStep(
  policy: PolicySpec,
  round: number,
  step: number,
): { round: number; step: number; afterMinutes: number } | null {
  if (step + 1 < policy.steps.length)
    return { round, step: step + 1, afterMinutes: policy.steps[step + 1]!.afterMinutes };
  if (round < policy.repeat)
    return { round: round + 1, step: 0, afterMinutes: policy.repeatAfterMinutes };
  return null;
}

/**
 * Every page the policy makes for an incident nobody acknowledges, in order: the first step
 * `steps[0].afterMinutes` after the incident opened, each next step its own minutes after the one
 * before, and `repeat` more rounds each `repeatAfterMinutes` after the last step of the round before.
 */
export function escalationPlan(policy: PolicySpec, minuteMs = 60_000): PlannedStep[] {
  const first = policy.steps[0];
  if (!first) return [];
  const plan: PlannedStep[] = [];
  let at = first.afterMinutes * minuteMs;
  let cursor: { round: number; step: number } | null = { round: 0, step: 0 };
  while (cursor) {
    plan.push({ ...cursor, afterMs: at, notify: policy.steps[cursor.step]!.notify });
    const next = nextStep(policy, cursor.round, cursor.step);
    if (next) at += next.afterMinutes * minuteMs;
    cursor = next && { round: next.round, step: next.step };
  }
  return plan;
}

/** A policy as routing looks at it. */
export interface PolicyChoice {
  id: string;
  routeIds: readonly string[];
  teamIds: readonly string[];
  isDefault: boolean;
}

/**
 * The policy for an incident routed by `routeId` to `teamId`: the one naming the route, else the one
 * naming the team, else the default policy, else none (id breaks ties between misconfigured ones).
 */
export function choosePolicy<P extends PolicyChoice>(
  policies: readonly P[],
  routeId: string | null,
  teamId: string | null,
): P | null {
  const sorted = [...policies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return (
    (routeId !== null ? sorted.find((p) => p.routeIds.includes(routeId)) : undefined) ??
    (teamId !== null ? sorted.find((p) => p.teamIds.includes(teamId)) : undefined) ??
    sorted.find((p) => p.isDefault) ??
    null
  );
}

/** The policy used when none applies: page whoever is on call in the routed team, once. */
export const FALLBACK_POLICY: PolicySpec = {
  steps: [{ afterMinutes: 0, notify: [{ kind: 'oncall' }] }],
  repeat: 0,
  repeatAfterMinutes: 10,
};

/** Job id of a step: the same incident, generation, round and step always make the same id. */
export function stepJobId(
  incidentId: string,
  generation: number,
  round: number,
  step: number,
): string {
  return `escalation|${incidentId}|${generation}|${round}|${step}`;
}
