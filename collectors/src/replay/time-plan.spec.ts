import { describe, expect, it } from 'vitest';
import { planTime } from './time-plan.js';

const first = Date.parse('2023-10-30T16:00:00Z');
const last = first + 3_600_000;
const now = Date.parse('2026-11-26T08:00:00Z');

describe('planTime', () => {
  it('keeps the times and, at max speed, sends everything at once', () => {
    const plan = planTime('keep-time', 'max', first, last, now);
    expect(plan.map(first + 5)).toBe(first + 5);
    expect(plan.sendAfter(last)).toBe(0);
  });

  it('keeps the times but paces the sending at a finite speed', () => {
    const plan = planTime('keep-time', 60, first, last, now);
    expect(plan.map(last)).toBe(last);
    expect(plan.sendAfter(last)).toBe(60_000);
  });

  it('at max speed moves every time by the same amount so the last row lands at now', () => {
    const plan = planTime('shift-to-now', 'max', first, last, now);
    expect(plan.map(last)).toBe(now);
    expect(plan.map(first)).toBe(now - 3_600_000);
  });

  it('at a finite speed lands the first row at now and compresses the rest', () => {
    const plan = planTime('shift-to-now', 60, first, last, now);
    expect(plan.map(first)).toBe(now);
    expect(plan.map(last)).toBe(now + 60_000);
    expect(plan.sendAfter(last)).toBe(60_000);
    const realTime = planTime('shift-to-now', 1, first, last, now);
    expect(realTime.map(first + 90_000)).toBe(now + 90_000);
  });
});
