import { useSyncExternalStore } from 'react';
import { session } from './session';

/** The current session (token and user), or null when signed out; re-renders on login and logout. */
export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get, () => null);
}
