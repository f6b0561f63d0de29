import type { CaseCategory, CaseStatus, CaseTimeLimitRule } from '@cityops/contracts';
import {
  type AlertState,
  IMMEDIATE,
  type Observation,
  type TransitionDraft,
  runObservations,
} from '../../alerting/alert-state-machine.js';
import { addWorkingHours } from './working-hours.js';

const HOUR_MS = 3_600_000;

/** A sanitation case as the case rules see it (epoch-ms times). */
export interface CaseInput {
  id: string;
  category: CaseCategory;
  status: CaseStatus;
  reportedAt: number;
  updatedAt: number;
  /** When it was closed; for a closed case without it, updatedAt is taken. */
  closedAt: number | null;
  lng: number;
  lat: number;
}

/** A transition of a keyed evaluation (a case id, or a cluster's area key). */
export type KeyedTransition = TransitionDraft & { key: string };

export interface KeyedResult {
  /** The new state of every key the evaluation touched. */
  states: Map<string, AlertState>;
  transitions: KeyedTransition[];
}

/** When a case reported at `reportedAt` is due under the rule (working hours where it says so). */
export function caseDueAt(rule: CaseTimeLimitRule, reportedAt: number): number {
  return rule.workingHours
    ? addWorkingHours(reportedAt, rule.hours, rule.calendar)
    : reportedAt + rule.hours * HOUR_MS;
}

function closedAtOf(c: CaseInput): number | null {
  if (c.status !== 'closed') return null;
  return c.closedAt ?? c.updatedAt;
}

/**
 * Time limits at tick time `now`, one key per case id. A case of the rule's categories that is not
 * closed by its due time raises the rule's severity at the due time (event time, whenever the tick
 * notices) and clears when it is closed, at its closing time. A case closed in time raises nothing;
 * a case closed late raises and clears (both in the past). A case reopened after its alert cleared
 * raises again at its update time. Value: the time limit in hours. Cases not passed in keep their
 * state; evaluating the same input again changes nothing.
 */
export function runCaseTimeLimit(
  rule: CaseTimeLimitRule,
  states: ReadonlyMap<string, AlertState>,
  cases: readonly CaseInput[],
  now: number,
): KeyedResult {
  const result: KeyedResult = { states: new Map(), transitions: [] };
  const categories = new Set<string>(rule.categories);
  for (const c of cases) {
    if (!categories.has(c.category)) continue;
    const previous = states.get(c.id);
    const due = caseDueAt(rule, c.reportedAt);
    const closedAt = closedAtOf(c);
    const observations: Observation[] = [];
    // Past due means strictly after the due time, as `isOverdue` has it.
    const late = closedAt === null ? now > due : closedAt > due;
    if (late) {
      const reopened = closedAt === null && previous && !previous.active && previous.lastTs >= due;
      const at = reopened ? Math.max(c.updatedAt, previous.lastTs + 1) : due;
      if (at <= now) observations.push(observe(rule, at, true));
    }
    if (closedAt !== null && closedAt <= now && (late || previous))
      observations.push(observe(rule, closedAt, false));
    if (observations.length === 0) continue;
    const { state, transitions } = runObservations(previous, observations, IMMEDIATE);
    if (state && state !== previous) result.states.set(c.id, state);
    for (const t of transitions) result.transitions.push({ ...t, key: c.id });
  }
  return result;
}

function observe(rule: CaseTimeLimitRule, at: number, overdue: boolean): Observation {
  return overdue
    ? { at, value: rule.hours, severity: rule.severity, clear: false }
    : { at, value: rule.hours, severity: null, clear: true };
}
