/** The source answered with a status other than 2xx. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super(`GET ${url} answered HTTP ${status}${body ? `: ${body}` : ''}`);
  }
}

/** GET a JSON document, giving up after `timeoutMs` or when `signal` aborts. */
export async function fetchJson(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const res = await fetch(url, {
    headers: { accept: 'application/json' },
    signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
  });
  const text = await res.text();
  if (!res.ok) throw new HttpStatusError(res.status, url, text.slice(0, 300));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SyntaxError(`GET ${url} did not answer JSON: ${text.slice(0, 100)}`);
  }
}
