import { ApiErrorSchema } from '@cityops/contracts';
import { renewAccessToken } from '../auth/renewAccessToken';
import { session } from '../auth/session';
import { ApiError } from './ApiError';

const DEFAULT_TIMEOUT_MS = 120_000;

/** `filename="incidents-20261126-0805.csv"` → the name, or the fallback. */
function filenameOf(disposition: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(disposition ?? '');
  return match?.[1] ?? fallback;
}

/**
 * A file from the backend (same origin) with the session's bearer token, which a plain link cannot
 * send: the body as a Blob, its file name and the response headers. Failures are ApiErrors as in
 * `apiRequest` (a 401 renews the access token once and retries, or ends the session); a download
 * may take longer, so the timeout is 2 minutes.
 */
export async function apiDownload(
  path: string,
  fallbackName: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  token = session.token(),
  retried = false,
): Promise<{ blob: Blob; filename: string; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let blob: Blob;
  try {
    response = await fetch(path, { headers, signal: timeout });
    blob = await response.blob();
  } catch (error) {
    if (timeout.aborted)
      throw new ApiError('timeout', `GET ${path}: no answer within ${timeoutMs} ms`);
    throw new ApiError(
      'unreachable',
      `GET ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.ok) {
    let body: unknown;
    try {
      body = JSON.parse(await blob.text());
    } catch {
      body = undefined;
    }
    const parsed = ApiErrorSchema.safeParse(body);
    const message = parsed.success ? parsed.data.message : `GET ${path}: HTTP ${response.status}`;
    if (response.status === 401) {
      const renewed = token && !retried ? await renewAccessToken(token) : null;
      if (renewed) return apiDownload(path, fallbackName, timeoutMs, renewed, true);
      if (token && session.token() === token) session.clear();
      throw new ApiError('unauthorized', message, 401);
    }
    const details = parsed.success ? (parsed.data.details ?? []) : [];
    if (response.status === 403) throw new ApiError('forbidden', message, 403, details);
    if (!parsed.success && response.status >= 500)
      throw new ApiError('unreachable', message, response.status);
    throw new ApiError('http', message, response.status, details);
  }
  return {
    blob,
    filename: filenameOf(response.headers.get('Content-Disposition'), fallbackName),
    headers: response.headers,
  };
}
