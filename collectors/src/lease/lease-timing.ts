/**
 * The timing of a source lease, as plain functions (no clock, no Redis): when to renew, when a
 * standby tries again, and when a holder that cannot reach Redis must give its source up.
 */

export interface LeaseTiming {
  ttlMs: number;
  /** A holder renews this often (a third of the ttl: two renewals may fail before the lease runs out). */
  renewEveryMs: number;
  /** A standby tries to acquire this often. */
  acquireEveryMs: number;
  /** After a failed renewal (Redis unreachable) the holder tries again this soon. */
  retryRenewMs: number;
}

export function leaseTiming(ttlMs: number): LeaseTiming {
  const third = Math.max(1, Math.floor(ttlMs / 3));
  return {
    ttlMs,
    renewEveryMs: third,
    acquireEveryMs: third,
    retryRenewMs: Math.max(1, Math.floor(ttlMs / 10)),
  };
}

/**
 * The lease is certainly ours until `sentAt + ttl`, where `sentAt` is when the successful acquire or
 * renewal was sent: Redis started the key's ttl after it received the command, so never earlier.
 */
export function heldUntil(sentAt: number, ttlMs: number): number {
  return sentAt + ttlMs;
}

/** What a renewal attempt came back with. */
export type RenewOutcome =
  /** The key held our owner id and its ttl was extended. */
  | 'extended'
  /** The key is gone or holds another owner: someone else may run the source already. */
  | 'lost'
  /** No answer (Redis unreachable, timed out): the lease may still be ours. */
  | 'unknown';

export type RenewDecision =
  { keep: true; heldUntil: number; nextInMs: number } | { keep: false; reason: 'lost' | 'expired' };

/**
 * After a renewal: keep the source running (and when to renew next) or stop it. An unanswered
 * renewal keeps the source while the last confirmed lease lasts, retrying sooner, so a Redis blip
 * shorter than the ttl changes nothing; the next try is never later than the lease's end.
 */
export function afterRenewal(
  outcome: RenewOutcome,
  at: { sentAt: number; now: number; heldUntil: number },
  timing: LeaseTiming,
): RenewDecision {
  if (outcome === 'lost') return { keep: false, reason: 'lost' };
  if (outcome === 'extended') {
    const until = heldUntil(at.sentAt, timing.ttlMs);
    return { keep: true, heldUntil: until, nextInMs: renewDelay(at.now, until, timing) };
  }
  if (at.now >= at.heldUntil) return { keep: false, reason: 'expired' };
  return {
    keep: true,
    heldUntil: at.heldUntil,
    nextInMs: Math.min(timing.retryRenewMs, at.heldUntil - at.now),
  };
}

/** The next renewal: a third of the ttl from now, but never after the lease ends. */
export function renewDelay(now: number, until: number, timing: LeaseTiming): number {
  return Math.max(0, Math.min(timing.renewEveryMs, until - now));
}

/**
 * How long one Redis call may take before it counts as unanswered. A holder must know before its
 * lease ends: never past `heldUntil`, and at most a third of the ttl. An acquisition (`until`
 * null) may take up to the ttl: a late answer is still right, as the lease is counted from when
 * the command was sent, and a slow Redis must not keep a standby from ever winning.
 */
export function callBudget(now: number, until: number | null, timing: LeaseTiming): number {
  if (until === null) return timing.ttlMs;
  return Math.max(1, Math.min(timing.renewEveryMs, until - now));
}
