import { describe, expect, it } from 'vitest';
import { afterRenewal, callBudget, heldUntil, leaseTiming, renewDelay } from './lease-timing.js';

const timing = leaseTiming(600);

describe('leaseTiming', () => {
  it('renews and retries acquisition every third of the ttl, and retries a failed renewal sooner', () => {
    expect(timing).toEqual({
      ttlMs: 600,
      renewEveryMs: 200,
      acquireEveryMs: 200,
      retryRenewMs: 60,
    });
    expect(leaseTiming(15_000)).toMatchObject({ renewEveryMs: 5000, retryRenewMs: 1500 });
    expect(leaseTiming(1).renewEveryMs).toBe(1);
  });

  it('counts the lease from when the command was sent, not when the answer came', () => {
    expect(heldUntil(1000, 600)).toBe(1600);
  });
});

describe('afterRenewal', () => {
  it('keeps the source and renews a third of the ttl later when the lease was extended', () => {
    expect(afterRenewal('extended', { sentAt: 1000, now: 1030, heldUntil: 1200 }, timing)).toEqual({
      keep: true,
      heldUntil: 1600,
      nextInMs: 200,
    });
  });

  it('stops the source at once when the key is gone or another instance holds it', () => {
    expect(afterRenewal('lost', { sentAt: 1000, now: 1001, heldUntil: 1500 }, timing)).toEqual({
      keep: false,
      reason: 'lost',
    });
  });

  it('keeps the source through a Redis blip shorter than the ttl, retrying before the lease ends', () => {
    const first = afterRenewal('unknown', { sentAt: 1200, now: 1400, heldUntil: 1600 }, timing);
    expect(first).toEqual({ keep: true, heldUntil: 1600, nextInMs: 60 });
    // Close to the end the retry comes exactly when the lease would run out.
    expect(afterRenewal('unknown', { sentAt: 1550, now: 1570, heldUntil: 1600 }, timing)).toEqual({
      keep: true,
      heldUntil: 1600,
      nextInMs: 30,
    });
    // Redis answers again in time: the lease goes on from the successful renewal.
    expect(afterRenewal('extended', { sentAt: 1580, now: 1590, heldUntil: 1600 }, timing)).toEqual({
      keep: true,
      heldUntil: 2180,
      nextInMs: 200,
    });
  });

  it('stops the source once Redis has not confirmed the lease for a whole ttl', () => {
    expect(afterRenewal('unknown', { sentAt: 1590, now: 1600, heldUntil: 1600 }, timing)).toEqual({
      keep: false,
      reason: 'expired',
    });
    expect(
      afterRenewal('unknown', { sentAt: 1590, now: 5000, heldUntil: 1600 }, timing),
    ).toMatchObject({
      keep: false,
    });
  });
});

describe('renewDelay and callBudget', () => {
  it('never schedules a renewal or lets a renewal call run past the end of the lease', () => {
    expect(renewDelay(1000, 1600, timing)).toBe(200);
    expect(renewDelay(1500, 1600, timing)).toBe(100);
    expect(renewDelay(1700, 1600, timing)).toBe(0);
    expect(callBudget(1000, null, timing)).toBe(600);
    expect(callBudget(1000, 1600, timing)).toBe(200);
    expect(callBudget(1550, 1600, timing)).toBe(50);
    expect(callBudget(1650, 1600, timing)).toBe(1);
  });
});
