import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { session } from './session';

/** Ends the session and drops every cached answer, so the next user never sees the previous one's data. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    session.clear();
    queryClient.clear();
  }, [queryClient]);
}
