import { describe, expect, it } from 'vitest';
import { compareIncidents } from './compareIncidents';
import { makeIncident } from './makeIncident';

describe('compareIncidents', () => {
  it('puts red before orange before yellow before blue, whatever the time', () => {
    const blue = makeIncident({ id: 'b', severity: 'blue', openedAt: '2026-11-26T09:00:00Z' });
    const red = makeIncident({ id: 'r', severity: 'red', openedAt: '2026-11-26T01:00:00Z' });
    const yellow = makeIncident({ id: 'y', severity: 'yellow', openedAt: '2026-11-26T08:00:00Z' });
    const orange = makeIncident({ id: 'o', severity: 'orange', openedAt: '2026-11-26T02:00:00Z' });
    expect([blue, red, yellow, orange].sort(compareIncidents).map((i) => i.id)).toEqual([
      'r',
      'o',
      'y',
      'b',
    ]);
  });

  it('puts the newest first within one severity, then orders by id', () => {
    const older = makeIncident({ id: 'a', openedAt: '2026-11-26T01:00:00Z' });
    const newer = makeIncident({ id: 'b', openedAt: '2026-11-26T02:00:00Z' });
    const twin = makeIncident({ id: 'c', openedAt: '2026-11-26T02:00:00Z' });
    expect([older, twin, newer].sort(compareIncidents).map((i) => i.id)).toEqual(['b', 'c', 'a']);
  });
});
