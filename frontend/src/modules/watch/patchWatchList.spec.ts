import { describe, expect, it } from 'vitest';
import { makeWatch } from './makeWatch';
import { patchWatchList } from './patchWatchList';

describe('patchWatchList', () => {
  it('adds a watch that started and replaces one that changed', () => {
    const before = makeWatch({ id: 'a' });
    const list = { active: [before], recent: [] };
    const changed = makeWatch({ id: 'a', endsAt: '2026-07-20T20:00:00Z' });
    const started = makeWatch({ id: 'b', kind: 'cold_wave' });
    expect(patchWatchList(patchWatchList(list, changed), started)).toEqual({
      active: [changed, started],
      recent: [],
    });
  });

  it('moves a watch that ended to the front of the recent ones', () => {
    const older = makeWatch({ id: 'old', active: false });
    const ended = makeWatch({ id: 'a', active: false, endedAt: '2026-07-20T09:00:00Z' });
    expect(patchWatchList({ active: [makeWatch({ id: 'a' })], recent: [older] }, ended)).toEqual({
      active: [],
      recent: [ended, older],
    });
  });

  it('leaves an empty cache alone', () => {
    expect(patchWatchList(undefined, makeWatch())).toBeUndefined();
  });
});
