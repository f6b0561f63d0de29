import { cityopsApi } from '../api/cityopsApi';
import { session } from './session';

/**
 * POST /api/auth/logout with the session's token (revoking its refresh and access tokens), with a
 * short timeout, then clears the stored session whatever the backend answered, or if it did not.
 */
export async function signOut(): Promise<void> {
  const token = session.token();
  try {
    if (token) await cityopsApi.logout(token);
  } catch {
    // best-effort: unreachable, timed out, or already signed out
  } finally {
    session.clear();
  }
}
