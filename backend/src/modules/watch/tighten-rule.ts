import { type Rule, WATCH_KINDS, type WatchKind } from '@cityops/contracts';

/*
 * Watch mode's effect on a rule (docs/watch-mode.md), pure. A rule declares per watch kind how far
 * it tightens (`watch: {rainstorm: {step}, cold_wave: {step}}`); what the step moves depends on the
 * rule's type:
 *
 *   threshold        every level and the clear value move towards the safe side by step
 *                    (above: lower, below: higher): the same hysteresis band, reached sooner
 *   window           every level's value moves towards the safe side by step (windows unchanged)
 *   no_data          intervals − step (at least 1)
 *   case_time_limit  hours − step (at least one minute)
 *   case_cluster     minCases − step (at least 2)
 *
 * Tightening never changes what the tick path queries (metrics, windows, asset kinds), only how each
 * asset's inputs are judged, so one grouped query per rule group still serves every district.
 */

const MIN_CASE_HOURS = 1 / 60;

/** The step a rule tightens by under these watch kinds (kinds counted once each; 0: unchanged). */
export function watchStep(rule: Pick<Rule, 'watch'>, kinds: Iterable<WatchKind>): number {
  if (!rule.watch) return 0;
  let step = 0;
  for (const kind of new Set(kinds)) step += rule.watch[kind]?.step ?? 0;
  return step;
}

/** The kinds of watch a rule responds to (those it declares a step for). */
export function watchKindsOf(rule: Pick<Rule, 'watch'>): WatchKind[] {
  return WATCH_KINDS.filter((kind) => rule.watch?.[kind] !== undefined);
}

/** Floating-point steps (10.2 − 5) should not leave 5.199999999999999 in a level. */
const tidy = (value: number) => Math.round(value * 1e9) / 1e9;

/**
 * The rule as it applies while watches of these kinds are on: thresholds tightened by the rule's
 * configured steps. Returns the same object when nothing changes (no watch, or no step declared).
 */
export function tightenRule<R extends Rule>(rule: R, kinds: Iterable<WatchKind>): R {
  const step = watchStep(rule, kinds);
  if (step === 0) return rule;
  return tightenBy(rule, step) as R;
}

function tightenBy(rule: Rule, step: number): Rule {
  switch (rule.type) {
    case 'threshold': {
      const towardsSafe = rule.direction === 'above' ? -step : step;
      return {
        ...rule,
        levels: rule.levels.map((l) => ({ ...l, value: tidy(l.value + towardsSafe) })),
        clear: tidy(rule.clear + towardsSafe),
      };
    }
    case 'window': {
      const towardsSafe = rule.direction === 'above' ? -step : step;
      return {
        ...rule,
        levels: rule.levels.map((l) => ({ ...l, value: tidy(l.value + towardsSafe) })),
      };
    }
    case 'no_data':
      return { ...rule, intervals: Math.max(1, Math.round(rule.intervals - step)) };
    case 'case_time_limit':
      return { ...rule, hours: Math.max(MIN_CASE_HOURS, tidy(rule.hours - step)) };
    case 'case_cluster':
      return { ...rule, minCases: Math.max(2, Math.round(rule.minCases - step)) };
  }
}
