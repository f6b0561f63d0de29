/** Refresh this long before the access token expires. */
const LEAD_MS = 60_000;
/** setTimeout's largest delay (about 24.8 days); later expiries are rescheduled then. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * How long from `now` until the access token expiring at `expiresAt` (ISO) should be refreshed:
 * a minute before it expires (at once when that moment has passed), or null when it never expires
 * or the time is unreadable.
 */
export function refreshDelay(expiresAt: string | undefined, now: number): number | null {
  if (!expiresAt) return null;
  const expires = Date.parse(expiresAt);
  if (Number.isNaN(expires)) return null;
  return Math.min(Math.max(expires - LEAD_MS - now, 0), MAX_DELAY_MS);
}
