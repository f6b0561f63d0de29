import { ApiError } from './ApiError';
import { apiErrorFor } from './apiErrorFor';
import type { ResponseSchema } from './ResponseSchema';

export interface FetchApiOptions<T> {
  schema: ResponseSchema<T>;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** The bearer token to send, if any. */
  token?: string | null;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined; // an HTML error page or an empty body
  }
}

/**
 * One attempt at one typed call to the backend (same origin), with the given token and nothing
 * else: no session handling (see `apiRequest`). Never hangs: a timeout aborts it. Every failure is
 * an ApiError whose kind the UI turns into a message.
 */
export async function fetchApi<T>(path: string, options: FetchApiOptions<T>): Promise<T> {
  const { schema, method = 'GET', body, token, signal, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;

  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw error; // the caller cancelled: not a failure to report
    if (timeout.aborted)
      throw new ApiError('timeout', `${method} ${path}: no answer within ${timeoutMs} ms`);
    throw new ApiError(
      'unreachable',
      `${method} ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  const json = parseJson(text);

  if (!response.ok) throw apiErrorFor(response.status, json, `${method} ${path}`);

  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(
      'invalid-response',
      `${method} ${path}: ${parsed.error.message}`,
      response.status,
    );
  }
  return parsed.data;
}
