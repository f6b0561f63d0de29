import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { HistoryFilters } from './HistoryFilters';
import { parseHistoryQuery } from './parseHistoryQuery';
import { serializeHistoryQuery } from './serializeHistoryQuery';

/** The view's filters, kept in the URL query so a link shares the view and a reload keeps it. */
export function useHistoryFilters(): [HistoryFilters, (next: HistoryFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseHistoryQuery(params), [params]);
  const setFilters = useCallback(
    (next: HistoryFilters) => setParams(serializeHistoryQuery(next)),
    [setParams],
  );
  return [filters, setFilters];
}
