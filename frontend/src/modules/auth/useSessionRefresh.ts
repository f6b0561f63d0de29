import { useEffect, useState } from 'react';
import { refreshDelay } from './refreshDelay';
import { refreshSession } from './refreshSession';
import { useSession } from './useSession';

/** After a failed proactive refresh (backend unreachable), try again this much later. */
const RETRY_MS = 30_000;

/**
 * While the app is open, refreshes the access token shortly before it expires, so requests and
 * live reconnections rarely meet a 401. A refresh in another tab reaches this one through the
 * storage event and reschedules it.
 */
export function useSessionRefresh(): void {
  const current = useSession();
  const expiresAt = current?.refreshToken ? current.expiresAt : undefined;
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const delay = refreshDelay(expiresAt, Date.now());
    if (delay === null) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(() => {
      refreshSession().catch(() => {
        retry = setTimeout(() => setAttempt((count) => count + 1), RETRY_MS);
      });
    }, delay);
    return () => {
      clearTimeout(timer);
      clearTimeout(retry);
    };
  }, [expiresAt, attempt]);
}
