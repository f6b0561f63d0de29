import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordMapUpdate } from './mapUpdateStats';

afterEach(() => vi.unstubAllGlobals());

describe('recordMapUpdate', () => {
  it('counts setData and updateData calls in all and per source on window.__cityopsMapUpdates', () => {
    const fakeWindow: Partial<Window> = {};
    vi.stubGlobal('window', fakeWindow);
    recordMapUpdate('heating', 'setData', 100);
    recordMapUpdate('heating', 'updateData', 2);
    recordMapUpdate('indoor', 'updateData', 1);
    expect(fakeWindow.__cityopsMapUpdates).toEqual({
      setData: 1,
      updateData: 2,
      bySource: {
        heating: { setData: 1, updateData: 1, lastChanged: 2 },
        indoor: { setData: 0, updateData: 1, lastChanged: 1 },
      },
    });
  });

  it('does nothing outside a browser', () => {
    expect(recordMapUpdate('heating', 'setData', 1)).toBeUndefined();
  });
});
