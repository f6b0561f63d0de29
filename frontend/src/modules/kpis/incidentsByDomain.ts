import {
  DOMAINS,
  severityRank,
  type Domain,
  type Incident,
  type Severity,
} from '@cityops/contracts';

interface DomainLoad {
  count: number;
  /** The most severe open incident's colour in the domain, or null when it has none. */
  worst: Severity | null;
}

/** Open incidents per domain (every domain present, zero when none), with the worst colour of each. */
export function incidentsByDomain(incidents: readonly Incident[]): Record<Domain, DomainLoad> {
  const loads = Object.fromEntries(
    DOMAINS.map((domain) => [domain, { count: 0, worst: null }]),
  ) as Record<Domain, DomainLoad>;
  for (const incident of incidents) {
    const load = loads[incident.domain];
    load.count += 1;
    if (!load.worst || severityRank(incident.severity) > severityRank(load.worst))
      load.worst = incident.severity;
  }
  return loads;
}
