import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './micro-batcher.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorder(fail: () => boolean = () => false) {
  const batches: number[][] = [];
  const acked: number[] = [];
  const batcher = new MicroBatcher<number>({
    maxItems: 3,
    maxWaitMs: 40,
    retry: { initialMs: 5, maxMs: 5 },
    flush: async (items) => {
      await wait(5);
      if (fail()) throw new Error('store down');
      batches.push(items);
    },
  });
  const add = (n: number, key: string | null = null) => batcher.add(n, () => acked.push(n), key);
  return { batcher, batches, acked, add };
}

describe('MicroBatcher', () => {
  it('flushes at N items at once and acknowledges only after the flush', async () => {
    const r = recorder();
    r.add(1);
    r.add(2);
    expect(r.acked).toEqual([]);
    r.add(3);
    await wait(20);
    expect(r.batches).toEqual([[1, 2, 3]]);
    expect(r.acked).toEqual([1, 2, 3]);
  });

  it('flushes a short batch after T ms', async () => {
    const r = recorder();
    r.add(1);
    await wait(20);
    expect(r.batches).toEqual([]);
    await wait(50);
    expect(r.batches).toEqual([[1]]);
  });

  it('keeps a failing batch and its acknowledgements until it is stored', async () => {
    let failures = 3;
    const r = recorder(() => failures-- > 0);
    r.add(1);
    r.add(2);
    r.add(3);
    await wait(30);
    expect(r.acked).toEqual([]);
    await wait(60);
    expect(r.batches).toEqual([[1, 2, 3]]);
    expect(r.acked).toEqual([1, 2, 3]);
  });

  it('stores a redelivered copy once and acknowledges both deliveries', async () => {
    const r = recorder();
    r.add(1, 'k1');
    r.add(1, 'k1');
    r.add(2, 'k2');
    await wait(70);
    expect(r.batches).toEqual([[1, 2]]);
    expect(r.acked).toEqual([1, 1, 2]);
  });

  it('on stop stores what is pending, then takes nothing more', async () => {
    const r = recorder();
    r.add(1);
    r.add(2);
    expect(await r.batcher.stop(1000)).toBe('done');
    expect(r.batches).toEqual([[1, 2]]);
    expect(r.add(3)).toBe(false);
  });

  it('acknowledges nothing it abandons', async () => {
    const r = recorder();
    r.add(1);
    r.add(2);
    r.add(3);
    r.batcher.abandon();
    await wait(30);
    expect(r.acked).toEqual([]);
  });
});
