import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff.js';
import { chunk } from './chunk.js';

describe('backoffDelay', () => {
  const noJitter = () => 0;

  it('doubles from the initial delay and stops at the cap', () => {
    const options = { initialMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, options, noJitter))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it('takes at most the jitter share off the delay', () => {
    const options = { initialMs: 1000, maxMs: 1000, jitter: 0.2 };
    expect(backoffDelay(1, options, () => 0.999)).toBeGreaterThanOrEqual(800);
    expect(backoffDelay(1, options, () => 0.5)).toBe(900);
  });
});

describe('sleep', () => {
  it('ends early when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 10);
    await sleep(10_000, controller.signal);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('chunk', () => {
  it('splits into parts of at most the given size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });
});
