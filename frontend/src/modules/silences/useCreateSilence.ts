import type { SilenceBody } from '@cityops/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { silenceQueryKeys } from './silenceQueryKeys';

/** POST /api/silences. */
export function useCreateSilence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SilenceBody) => cityopsApi.createSilence(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: silenceQueryKeys.all }),
  });
}
