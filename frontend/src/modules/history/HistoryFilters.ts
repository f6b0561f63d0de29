import type { CaseCategory, Domain, IncidentStatus, Severity } from '@cityops/contracts';

/**
 * What the history page shows, as its URL query holds it. `range`: a quick pick (calendar days in
 * the city's zone, today included) or two days `YYYY-MM-DD`, both included. Empty lists: all.
 */
export interface HistoryFilters {
  range: { kind: 'today' | '7d' | '30d' } | { kind: 'custom'; from: string; to: string };
  domain: Domain[];
  district: string[];
  severity: Severity[];
  status: IncidentStatus[];
  category: CaseCategory[];
  /** A username: incidents they acknowledged or resolved. */
  handledBy: string | null;
}
