import { renewAccessToken } from '../auth/renewAccessToken';
import { session } from '../auth/session';
import { ApiError } from './ApiError';
import { fetchApi, type FetchApiOptions } from './fetchApi';

interface RequestOptions<T> extends Omit<FetchApiOptions<T>, 'token'> {
  /**
   * Send the session's bearer token (default true). A 401 then renews the access token once (see
   * `renewAccessToken`) and retries; a session that cannot be renewed ends.
   */
  auth?: boolean;
  /** With `auth: false`: this bearer token instead (e.g. a display token before it is stored). */
  token?: string;
}

/** The backend's answer when a user must change their password before anything else. */
const PASSWORD_CHANGE_REQUIRED = 'Password change required';

function isUnauthorized(error: unknown): error is ApiError {
  return error instanceof ApiError && error.kind === 'unauthorized';
}

/** A 403 "Password change required": the stored user learns it, and the router sends them to /password. */
function notePasswordChange(error: unknown, token: string): void {
  const current = session.get();
  if (
    error instanceof ApiError &&
    error.kind === 'forbidden' &&
    error.message === PASSWORD_CHANGE_REQUIRED &&
    current?.token === token &&
    !current.user.mustChangePassword
  )
    session.set({ ...current, user: { ...current.user, mustChangePassword: true } });
}

/**
 * One typed call to the backend (same origin), with the session's token. On a 401 the access token
 * is renewed once (single-flight, shared by concurrent calls and with other tabs) and the call is
 * retried once with the new token. A refused refresh ends the session; an unreachable backend
 * keeps it (a wall must survive a backend restart) and the call fails as `unreachable`.
 */
export async function apiRequest<T>(path: string, options: RequestOptions<T>): Promise<T> {
  const { auth = true, token: explicitToken, ...rest } = options;
  if (!auth) return fetchApi(path, { ...rest, token: explicitToken ?? null });

  const token = session.token();
  try {
    return await fetchApi(path, { ...rest, token });
  } catch (error) {
    if (token) notePasswordChange(error, token);
    if (!token || !isUnauthorized(error)) throw error;
    const renewed = await renewAccessToken(token);
    if (!renewed) throw error;
    try {
      return await fetchApi(path, { ...rest, token: renewed });
    } catch (retryError) {
      // Refused again with a token just issued: the session is gone.
      if (isUnauthorized(retryError) && session.token() === renewed) session.clear();
      if (!isUnauthorized(retryError)) notePasswordChange(retryError, renewed);
      throw retryError;
    }
  }
}
