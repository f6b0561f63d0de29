/**
 * A delivery that did not happen, with the receiver's reason and whether trying again can help.
 * Retryable: network errors, timeouts, 5xx, 429, a robot's "busy" or "too fast". Not retryable: the
 * receiver refused the request itself (400, invalid robot key, bad signature, unknown recipient).
 */
export class DeliveryError extends Error {
  constructor(
    /** The receiver's reason, short and plain ("HTTP 500: upstream down", "errcode 93000: invalid webhook url"). */
    readonly reason: string,
    readonly retryable: boolean,
    /** The receiver said "too many": wait (retryAfterMs when it said how long) rather than fail. */
    readonly rateLimited = false,
    readonly retryAfterMs: number | null = null,
  ) {
    super(reason);
    this.name = 'DeliveryError';
  }

  static permanent(reason: string): DeliveryError {
    return new DeliveryError(reason, false);
  }

  static retryable(reason: string): DeliveryError {
    return new DeliveryError(reason, true);
  }

  static rateLimited(reason: string, retryAfterMs: number | null = null): DeliveryError {
    return new DeliveryError(reason, true, true, retryAfterMs);
  }
}
