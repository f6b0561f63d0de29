import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateUserRequest } from '@cityops/contracts';
import { cityopsApi } from '../api/cityopsApi';
import { adminQueryKeys } from './adminQueryKeys';

/** PATCH /api/users/:username (role, districts, disabled, resetPassword → a password shown once). */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, body }: { username: string; body: UpdateUserRequest }) =>
      cityopsApi.updateUser(username, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminQueryKeys.users }),
  });
}
