import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cityopsApi } from '../api/cityopsApi';
import { silenceQueryKeys } from './silenceQueryKeys';

/** POST /api/silences/:id/expire: the silence ends now; the incidents it covered page again. */
export function useExpireSilence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cityopsApi.expireSilence(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: silenceQueryKeys.all }),
  });
}
