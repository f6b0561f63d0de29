import { QueryKey } from '../api/QueryKey';

/** Cache keys of the silences page, by the API query they stand for. */
export const silenceQueryKeys = {
  all: [QueryKey.Silences] as const,
  list: (query: string) => [QueryKey.Silences, query] as const,
};
