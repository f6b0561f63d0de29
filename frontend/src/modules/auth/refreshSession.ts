import { LoginResponseSchema, type LoginResponse } from '@cityops/contracts';
import { ApiError } from '../api/ApiError';
import { fetchApi } from '../api/fetchApi';
import { session } from './session';

const REFRESH_TIMEOUT_MS = 10_000;
/** The Web Lock every tab of this origin takes around a refresh, so only one uses the single-use token. */
const LOCK_NAME = 'cityops.session.refresh';
/** Without Web Locks, how long to give another tab to store the pair it just got. */
const SETTLE_MS = 1_000;

let inflight: Promise<LoginResponse | null> | null = null;

function hasLocks(): boolean {
  return typeof navigator !== 'undefined' && Boolean(navigator.locks);
}

function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  return hasLocks() ? navigator.locks.request(LOCK_NAME, task) : task();
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Another tab rotated the pair since `used` was read: its session is ours too. */
function rotatedElsewhere(used: string): LoginResponse | null {
  const stored = session.reload();
  return stored && stored.refreshToken !== used ? stored : null;
}

async function rotate(known: LoginResponse): Promise<LoginResponse | null> {
  // Inside the lock: another tab may have rotated the pair while this one waited.
  const stored = session.reload();
  if (!stored) return null;
  if (stored.token !== known.token || !stored.refreshToken) return stored;
  const used = stored.refreshToken;
  try {
    const next = await fetchApi('/api/auth/refresh', {
      method: 'POST',
      body: { refreshToken: used },
      schema: LoginResponseSchema,
      timeoutMs: REFRESH_TIMEOUT_MS,
    });
    // Signed out (or in as someone else) meanwhile: do not bring the old session back.
    if (session.get()?.refreshToken !== used) return session.get();
    session.set(next);
    return next;
  } catch (error) {
    if (!(error instanceof ApiError && error.kind === 'unauthorized')) throw error; // kept: unreachable, timeout…
    let elsewhere = rotatedElsewhere(used);
    if (!elsewhere && !hasLocks()) {
      await wait(SETTLE_MS);
      elsewhere = rotatedElsewhere(used);
    }
    if (elsewhere) return elsewhere;
    if (session.get()?.refreshToken === used) session.clear();
    return null;
  }
}

/**
 * Exchanges the session's single-use refresh token for a new pair and stores it. Single-flight:
 * concurrent callers in this tab share one call, and a Web Lock keeps other tabs from spending the
 * same refresh token (the second tab finds the rotated pair in storage and adopts it).
 *
 * Resolves to the new session, or null when the session ended (a 401 from /refresh that no other
 * tab explains clears it). Rejects with the ApiError when the backend could not be reached (or
 * failed otherwise): the session is kept, to be refreshed on the next try.
 */
export function refreshSession(): Promise<LoginResponse | null> {
  if (inflight) return inflight;
  const known = session.get();
  if (!known?.refreshToken) return Promise.resolve(known);
  inflight = withRefreshLock(() => rotate(known)).finally(() => {
    inflight = null;
  });
  return inflight;
}
