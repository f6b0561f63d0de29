import { useQuery } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { adminQueryKeys } from './adminQueryKeys';

/** GET /api/tokens (admin): display and API tokens, revoked ones included. */
export function useTokens() {
  return useQuery({
    queryKey: adminQueryKeys.tokens,
    queryFn: ({ signal }) => cityopsApi.tokens(signal),
  });
}
