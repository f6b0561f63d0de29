import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { signOut } from './signOut';

/**
 * Ends the session (server-side best-effort, then locally whatever happened) and drops every cached
 * answer, so the next user never sees the previous one's data.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await signOut();
    queryClient.clear();
  }, [queryClient]);
}
