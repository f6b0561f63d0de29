import { plain } from '../message/escape.js';
import { DeliveryError } from './delivery-error.js';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** Network error codes and HTTP statuses where another try later can succeed. */
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs one request with a timeout, no redirects followed (a robot or gateway that redirects is
 * misconfigured, and a signature must not travel elsewhere). Throws a DeliveryError for network
 * errors and timeouts (retryable) and for non-2xx answers (retryable or not by status).
 */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw DeliveryError.retryable(describeFetchError(error, timeoutMs));
  }
  let text: string;
  try {
    text = await readBounded(response);
  } catch (error) {
    throw DeliveryError.retryable(describeFetchError(error, timeoutMs));
  }
  if (response.status >= 200 && response.status < 300) return { status: response.status, text };
  const reason = `HTTP ${response.status}${text ? `: ${plain(text, 200)}` : ''}`;
  if (response.status === 429)
    throw DeliveryError.rateLimited(reason, retryAfterMs(response.headers.get('retry-after')));
  if (response.status >= 300 && response.status < 400)
    throw DeliveryError.permanent(
      `${reason} (redirect to ${plain(response.headers.get('location') ?? '?', 100)} not followed)`,
    );
  throw new DeliveryError(
    reason,
    RETRYABLE_STATUSES.has(response.status) || response.status >= 500,
  );
}

async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`;
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string }) : null;
  const detail =
    cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `network error: ${plain(detail, 200)}`;
}

/** Retry-After in seconds or as an HTTP date → ms from now (bounded to an hour), or null. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 3_600_000) : null;
}

/** A robot's JSON answer: {errcode, errmsg}. */
export function parseRobotAnswer(text: string): { errcode: number; errmsg: string } {
  try {
    const json = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    if (typeof json.errcode === 'number')
      return { errcode: json.errcode, errmsg: typeof json.errmsg === 'string' ? json.errmsg : '' };
  } catch {
    // handled below
  }
  throw DeliveryError.retryable(`unexpected answer: ${plain(text, 200) || '(empty)'}`);
}

/**
 * errcode ≠ 0 is a failure. `rateLimitCodes` mean "too fast" (wait, then send); -1 means "system
 * busy" (retry); any other code is the request's own fault (invalid key, bad signature, bad body).
 */
export function checkRobotAnswer(
  answer: { errcode: number; errmsg: string },
  rateLimitCodes: readonly number[],
): void {
  if (answer.errcode === 0) return;
  const reason = `errcode ${answer.errcode}: ${plain(answer.errmsg, 200)}`;
  if (rateLimitCodes.includes(answer.errcode)) throw DeliveryError.rateLimited(reason);
  if (answer.errcode === -1) throw DeliveryError.retryable(reason);
  throw DeliveryError.permanent(reason);
}
