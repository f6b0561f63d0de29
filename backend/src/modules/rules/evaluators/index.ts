import type { Rule } from '@cityops/contracts';

/*
 * Pure evaluators, one per rule kind: no I/O, event time only. Each takes the rule, the previous
 * alert state (per asset, or per key for case rules) and the new inputs, and returns the new state
 * and the transitions, through the one state machine in alerting/alert-state-machine.ts.
 *
 *   threshold        runThreshold(rule, state, readings)              fast path and tick path
 *   no_data          runNoData(rule, kind, state, {lastSeenAt, now})  tick path
 *   window           runWindow(rule, state, [{at, aggregates}])       tick path
 *   case_time_limit  runCaseTimeLimit(rule, states, cases, now)       tick path, keyed by case id
 *   case_cluster     runCaseClusters(rule, states, cases, now)        tick path, keyed by area
 */
export { runThreshold } from './threshold.js';
export { type NoDataInput, runNoData, silenceLimitMs } from './no-data.js';
export {
  type WindowInput,
  aggregateWindow,
  observeWindows,
  runWindow,
  windowAggregates,
  windowsOf,
} from './window.js';
export {
  type CaseInput,
  type KeyedResult,
  type KeyedTransition,
  caseDueAt,
  runCaseTimeLimit,
} from './case-time-limit.js';
export { type ClusterOptions, clusterKey, findClusters, runCaseClusters } from './case-cluster.js';
export { addWorkingHours, workingHoursBetween } from './working-hours.js';
export { geohash, haversineM } from './geo.js';

/** The `metric` a rule's transitions (and incidents) carry: what their `value` measures. */
export function transitionMetric(rule: Rule): string {
  switch (rule.type) {
    case 'threshold':
    case 'window':
      return rule.metric;
    case 'no_data':
      return 'silentMinutes';
    case 'case_time_limit':
      return 'timeLimitHours';
    case 'case_cluster':
      return 'caseCount';
  }
}
