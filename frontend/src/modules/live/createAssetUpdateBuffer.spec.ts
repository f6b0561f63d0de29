import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeAsset } from '../map/makeAsset';
import { createAssetUpdateBuffer } from './createAssetUpdateBuffer';

const timing = { quietMs: 100, maxWaitMs: 500 };

describe('createAssetUpdateBuffer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function recorder() {
    const batches: string[][] = [];
    const buffer = createAssetUpdateBuffer(
      (features) => batches.push(features.map((f) => `${f.properties.id}:${f.properties.status}`)),
      timing,
    );
    return { batches, buffer };
  }

  it('hands on a burst as one batch once it goes quiet, with the newest event of each asset', () => {
    const { batches, buffer } = recorder();
    buffer.add(makeAsset({ id: 'a', status: 'ok' }));
    vi.advanceTimersByTime(40);
    buffer.add(makeAsset({ id: 'b', status: 'ok' }));
    vi.advanceTimersByTime(40);
    buffer.add(makeAsset({ id: 'a', status: 'alarm' }));
    vi.advanceTimersByTime(99);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([['a:alarm', 'b:ok']]);

    buffer.add(makeAsset({ id: 'c', status: 'offline' }));
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([['a:alarm', 'b:ok'], ['c:offline']]);
    vi.advanceTimersByTime(10_000);
    expect(batches).toHaveLength(2);
  });

  it('does not wait longer than maxWaitMs under a steady stream', () => {
    const { batches, buffer } = recorder();
    for (let t = 0; t < 1_000; t += 50) {
      buffer.add(makeAsset({ id: `s${t}` }));
      vi.advanceTimersByTime(50);
    }
    // Events every 50 ms never go quiet for 100 ms: a batch every 500 ms instead.
    expect(batches.map((batch) => batch.length)).toEqual([10, 10]);
  });

  it('flushes at once on demand and drops what is pending on cancel', () => {
    const apply = vi.fn();
    const buffer = createAssetUpdateBuffer(apply, timing);
    buffer.add(makeAsset({ id: 'a' }));
    buffer.flush();
    expect(apply).toHaveBeenCalledTimes(1);
    buffer.add(makeAsset({ id: 'b' }));
    buffer.cancel();
    vi.advanceTimersByTime(1_000);
    expect(apply).toHaveBeenCalledTimes(1);
    buffer.flush();
    expect(apply).toHaveBeenCalledTimes(1);
  });
});
