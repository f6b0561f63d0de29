import type { LoginResponse } from '@cityops/contracts';
import { cityopsApi } from '../api/cityopsApi';
import { session } from './session';

/**
 * Makes a display token the session: GET /api/auth/me with it tells whose it is, then it is stored
 * like a login (no refresh token: it is long-lived; a 401 later ends it). Rejects with the ApiError
 * (`unauthorized` for a revoked or unknown token, `unreachable`…) and stores nothing then.
 */
export async function adoptDisplayToken(
  token: string,
  signal?: AbortSignal,
): Promise<LoginResponse> {
  const user = await cityopsApi.me(token, signal);
  const next: LoginResponse = { token, user };
  session.set(next);
  return next;
}
