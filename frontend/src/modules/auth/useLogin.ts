import { useMutation } from '@tanstack/react-query';
import type { LoginRequest } from '@cityops/contracts';
import { cityopsApi } from '../api/cityopsApi';
import { session } from './session';

/** Logs in and stores the session; the caller redirects. */
export function useLogin() {
  return useMutation({
    mutationFn: (credentials: LoginRequest) => cityopsApi.login(credentials),
    onSuccess: (response) => session.set(response),
  });
}
