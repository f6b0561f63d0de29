import { maxSeverity, severityRank, type Incident, type Severity } from '@cityops/contracts';

interface DistrictLoad {
  code: string;
  count: number;
  /** The most severe open incident in the district. */
  worst: Severity;
}

/** Districts with open incidents, busiest first (ties: the more severe, then by code), at most `limit`. */
export function incidentsByDistrict(incidents: readonly Incident[], limit: number): DistrictLoad[] {
  const byCode = new Map<string, DistrictLoad>();
  for (const incident of incidents) {
    if (!incident.district) continue;
    const load = byCode.get(incident.district);
    if (load) {
      load.count += 1;
      load.worst = maxSeverity(load.worst, incident.severity);
    } else {
      byCode.set(incident.district, {
        code: incident.district,
        count: 1,
        worst: incident.severity,
      });
    }
  }
  return [...byCode.values()]
    .sort(
      (a, b) =>
        b.count - a.count ||
        severityRank(b.worst) - severityRank(a.worst) ||
        a.code.localeCompare(b.code),
    )
    .slice(0, limit);
}
