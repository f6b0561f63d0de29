import { SEVERITIES, type Incident, type Severity } from '@cityops/contracts';

/** How many incidents there are of each severity (every severity present, zero when none). */
export function severityCounts(incidents: readonly Incident[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const incident of incidents) counts[incident.severity] += 1;
  return counts;
}
