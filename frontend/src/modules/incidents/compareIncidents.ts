import { severityRank, type Incident } from '@cityops/contracts';

/** Order for every incident list: most severe first, then the newest, then by id so the order is stable. */
export function compareIncidents(a: Incident, b: Incident): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    Date.parse(b.openedAt) - Date.parse(a.openedAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
