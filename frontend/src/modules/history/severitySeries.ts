import { type IncidentStatsGroup, SEVERITIES, type Severity } from '@cityops/contracts';

/** Most severe first: the stack's bottom, the legend's first entry. */
const ORDER = [...SEVERITIES].reverse() as Severity[];

/**
 * Per-severity counts for each key, in the keys' order, a zero where the statistics have no group
 * (a quiet day, a district without incidents): the data of a bar chart stacked by warning colour.
 */
export function severitySeries(
  groups: readonly IncidentStatsGroup[],
  keys: readonly string[],
): { keys: string[]; series: { severity: Severity; data: number[] }[] } {
  const byKey = new Map(groups.map((group) => [group.key, group]));
  return {
    keys: [...keys],
    series: ORDER.map((severity) => ({
      severity,
      data: keys.map((key) => byKey.get(key)?.bySeverity[severity] ?? 0),
    })),
  };
}
