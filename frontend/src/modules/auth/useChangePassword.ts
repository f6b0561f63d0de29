import { useMutation } from '@tanstack/react-query';
import type { PasswordChangeRequest } from '@cityops/contracts';
import { cityopsApi } from '../api/cityopsApi';
import { session } from './session';

/** Changes the password; the answer is a fresh session (the old one ended), stored at once. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: PasswordChangeRequest) => cityopsApi.changePassword(body),
    onSuccess: (response) => session.set(response),
  });
}
