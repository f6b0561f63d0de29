import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTokenRequest } from '@cityops/contracts';
import { cityopsApi } from '../api/cityopsApi';
import { adminQueryKeys } from './adminQueryKeys';

/** POST /api/tokens; the answer carries the secret, shown once. */
export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenRequest) => cityopsApi.createToken(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminQueryKeys.tokens }),
  });
}
