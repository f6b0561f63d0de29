import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateUserRequest } from '@cityops/contracts';
import { cityopsApi } from '../api/cityopsApi';
import { adminQueryKeys } from './adminQueryKeys';

/** POST /api/users; the answer may carry the generated password (shown once). */
export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserRequest) => cityopsApi.createUser(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminQueryKeys.users }),
  });
}
