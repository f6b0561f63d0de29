import { QueryKey } from '../api/QueryKey';

/** Query keys of the history page, by the API query they stand for. */
export const historyQueryKeys = {
  incidents: (query: string) => [QueryKey.History, 'incidents', query] as const,
  stats: (query: string) => [QueryKey.History, 'stats', query] as const,
};
