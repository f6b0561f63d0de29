import { describe, expect, it } from 'vitest';
import { activeWatches } from './activeWatches';
import { makeWatch } from './makeWatch';

const NOW = Date.parse('2026-07-20T08:00:00Z');

describe('activeWatches', () => {
  it('keeps the watches on now, oldest first', () => {
    const late = makeWatch({ id: 'late', startedAt: '2026-07-20T07:00:00Z', kind: 'cold_wave' });
    const early = makeWatch({ id: 'early', endsAt: '2026-07-20T12:00:00Z' });
    expect(activeWatches({ active: [late, early], recent: [] }, NOW).map((w) => w.id)).toEqual([
      'early',
      'late',
    ]);
  });

  it('drops a watch whose planned end has passed, or that has ended, before any event says so', () => {
    const list = {
      active: [
        makeWatch({ id: 'due', endsAt: '2026-07-20T08:00:00Z' }),
        makeWatch({ id: 'ended', endedAt: '2026-07-20T07:30:00Z' }),
        makeWatch({ id: 'off', active: false }),
      ],
      recent: [makeWatch({ id: 'recent', active: false })],
    };
    expect(activeWatches(list, NOW)).toEqual([]);
  });

  it('is empty before the list has loaded', () => {
    expect(activeWatches(undefined, NOW)).toEqual([]);
  });
});
