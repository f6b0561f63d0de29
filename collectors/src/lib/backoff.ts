export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Growth per failed attempt (default 2). */
  factor?: number;
  /** Share of the delay taken off at random, so many collectors do not retry in step (default 0.2). */
  jitter?: number;
}

/** Delay before retry number `attempt` (1-based): initial * factor^(attempt-1), capped, minus some jitter. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs, factor = 2, jitter = 0.2 } = options;
  const exponent = Math.max(0, Math.min(attempt - 1, 64));
  const capped = Math.min(maxMs, initialMs * factor ** exponent);
  return Math.round(capped * (1 - jitter * random()));
}

/** Sleeps `ms`, ending early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}
