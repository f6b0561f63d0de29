import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../modules/api/ApiError';

/** Errors a retry cannot fix: retrying them only delays the message. */
const FINAL: ReadonlySet<ApiError['kind']> = new Set([
  'unauthorized',
  'forbidden',
  'invalid-response',
]);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failureCount, error) =>
        !(error instanceof ApiError && FINAL.has(error.kind)) && failureCount < 2,
      // Live events keep the cache current; a wall screen regaining focus needs no refetch storm.
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});
