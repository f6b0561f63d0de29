import { describe, expect, it } from 'vitest';
import { refreshDelay } from './refreshDelay';

describe('refreshDelay', () => {
  const now = Date.parse('2026-11-26T08:00:00Z');

  it('refreshes a minute before the access token expires', () => {
    expect(refreshDelay('2026-11-26T08:15:00Z', now)).toBe(14 * 60_000);
  });

  it('refreshes at once when that minute has begun or the token has expired', () => {
    expect(refreshDelay('2026-11-26T08:00:30Z', now)).toBe(0);
    expect(refreshDelay('2026-11-26T07:00:00Z', now)).toBe(0);
  });

  it('never schedules tokens without an expiry, or with an unreadable one', () => {
    expect(refreshDelay(undefined, now)).toBeNull();
    expect(refreshDelay('soon', now)).toBeNull();
  });

  it("stays within setTimeout's range", () => {
    expect(refreshDelay('2036-01-01T00:00:00Z', now)).toBe(2 ** 31 - 1);
  });
});
