import { refreshSession } from './refreshSession';
import { session } from './session';

/**
 * The token to retry with after the backend refused `rejected` (401): the current one if it was
 * already renewed (by a concurrent call or another tab), else a refreshed one. Null when the
 * session is over: it is cleared here when it has no refresh token (display and API tokens) or the
 * refresh is refused. Rejects with an `unreachable`/`timeout` ApiError when the refresh could not
 * reach the backend; the session is kept then.
 */
export async function renewAccessToken(rejected: string): Promise<string | null> {
  const current = session.get();
  if (!current) return null;
  if (current.token !== rejected) return current.token;
  if (!current.refreshToken) {
    session.clear();
    return null;
  }
  const next = await refreshSession();
  return next && next.token !== rejected ? next.token : null;
}
