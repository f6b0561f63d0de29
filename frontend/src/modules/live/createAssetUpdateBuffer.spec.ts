import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeAsset } from '../map/makeAsset';
import { createAssetUpdateBuffer } from './createAssetUpdateBuffer';

describe('createAssetUpdateBuffer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands on one batch per delay, with the newest event of each asset', () => {
    const batches: string[][] = [];
    const buffer = createAssetUpdateBuffer(
      (features) => batches.push(features.map((f) => `${f.properties.id}:${f.properties.status}`)),
      250,
    );
    buffer.add(makeAsset({ id: 'a', status: 'ok' }));
    buffer.add(makeAsset({ id: 'b', status: 'ok' }));
    buffer.add(makeAsset({ id: 'a', status: 'alarm' }));
    vi.advanceTimersByTime(249);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([['a:alarm', 'b:ok']]);

    buffer.add(makeAsset({ id: 'c', status: 'offline' }));
    vi.advanceTimersByTime(250);
    expect(batches).toEqual([['a:alarm', 'b:ok'], ['c:offline']]);
    vi.advanceTimersByTime(10_000);
    expect(batches).toHaveLength(2);
  });

  it('flushes at once on demand and drops what is pending on cancel', () => {
    const apply = vi.fn();
    const buffer = createAssetUpdateBuffer(apply, 250);
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
