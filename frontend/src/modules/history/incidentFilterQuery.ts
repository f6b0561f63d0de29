import type { HistoryFilters } from './HistoryFilters';

/**
 * The API's filter parameters (GET /api/incidents, /stats, /export.csv) for a view and its window:
 * the same comma lists the API takes, `from`/`to` as instants.
 */
export function incidentFilterQuery(
  filters: HistoryFilters,
  window: { from: string; to: string },
): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['status', 'domain', 'severity', 'district', 'category'] as const)
    if (filters[name].length) params.set(name, filters[name].join(','));
  if (filters.handledBy) params.set('handledBy', filters.handledBy);
  params.set('from', window.from);
  params.set('to', window.to);
  return params;
}
