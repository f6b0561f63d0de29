import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { adminQueryKeys } from './adminQueryKeys';

/** DELETE /api/tokens/:id: the token stops working at once (walls using it are signed out). */
export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cityopsApi.revokeToken(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminQueryKeys.tokens }),
  });
}
