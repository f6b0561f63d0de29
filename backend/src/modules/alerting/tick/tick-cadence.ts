import type { Rule, RuleType } from '@cityops/contracts';

/*
 * How often the tick path evaluates a rule. Rules carry no cadence of their own (yet): each kind has
 * a default, and watch mode divides it by its factor while a watch that concerns the rule is on.
 * The tick time is the scheduler's wall time truncated to the cadence, so every replica that ticks
 * the same rule in the same slot computes the same tick time and the same job id.
 */

/** Default tick cadence per rule kind, in seconds. */
export const TICK_CADENCE_SEC: Readonly<Record<RuleType, number>> = {
  no_data: 30,
  case_time_limit: 30,
  case_cluster: 30,
  threshold: 30,
  window: 60,
};

/** The shortest cadence watch mode may bring a rule down to. */
export const MIN_TICK_CADENCE_SEC = 5;

/**
 * Whether the tick path evaluates this rule. Threshold rules run on the fast path only: their held
 * durations (forMinutes, clearForMinutes) and flap quiet periods advance in event time as readings
 * arrive, and a sensor that stops reporting is the no-data rules' business.
 */
export function ticks(rule: Rule): boolean {
  return rule.type !== 'threshold';
}

/**
 * The rule's cadence in milliseconds: its kind's default divided by `factor` (watch mode), in whole
 * seconds, at least MIN_TICK_CADENCE_SEC.
 */
export function cadenceMs(rule: Pick<Rule, 'type'>, factor = 1): number {
  const seconds = Math.max(
    MIN_TICK_CADENCE_SEC,
    Math.round(TICK_CADENCE_SEC[rule.type] / Math.max(1, factor)),
  );
  return seconds * 1000;
}

/** The tick time of a wall time: truncated to the cadence (slots start at the epoch). */
export function tickTime(wallMs: number, cadence: number): number {
  return Math.floor(wallMs / cadence) * cadence;
}

/** The deterministic job id of a rule's tick: any number of replicas enqueue it once. */
export function tickJobId(ruleId: string, tickAt: number): string {
  return `tick|${ruleId}|${tickAt}`;
}
