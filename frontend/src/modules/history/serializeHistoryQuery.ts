import { defaultHistoryFilters } from './defaultHistoryFilters';
import type { HistoryFilters } from './HistoryFilters';

/**
 * The URL query of a view, the inverse of `parseHistoryQuery`: one stable spelling (the default
 * range and empty filters left out), so equal views share one link.
 */
export function serializeHistoryQuery(filters: HistoryFilters): URLSearchParams {
  const params = new URLSearchParams();
  const { range } = filters;
  if (range.kind === 'custom') {
    params.set('from', range.from);
    params.set('to', range.to);
  } else if (range.kind !== defaultHistoryFilters.range.kind) params.set('range', range.kind);
  for (const name of ['domain', 'district', 'severity', 'status', 'category'] as const)
    if (filters[name].length) params.set(name, filters[name].join(','));
  if (filters.handledBy) params.set('handledBy', filters.handledBy);
  return params;
}
