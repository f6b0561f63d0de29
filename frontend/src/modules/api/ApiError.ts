/**
 * Why a call to the backend failed, in terms the UI can explain:
 * - `unreachable`: no answer at all (network down, backend stopped, a proxy answering for it);
 * - `timeout`: the backend did not answer in time;
 * - `unauthorized`: the token is missing, expired or the credentials are wrong (HTTP 401);
 * - `forbidden`: the role may not do this (HTTP 403);
 * - `http`: any other error status, with the backend's own message;
 * - `invalid-response`: an answer that does not match the shared contract.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly kind:
      'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'http' | 'invalid-response',
    message: string,
    readonly status: number | null = null,
    /** The backend's `details` (each problem of a 400, the limit of a 413), when it gave any. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}
