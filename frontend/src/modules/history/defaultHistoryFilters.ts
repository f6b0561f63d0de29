import type { HistoryFilters } from './HistoryFilters';

/** The page without a query: the last 7 days, everything. */
export const defaultHistoryFilters: HistoryFilters = {
  range: { kind: '7d' },
  domain: [],
  district: [],
  severity: [],
  status: [],
  category: [],
  handledBy: null,
};
