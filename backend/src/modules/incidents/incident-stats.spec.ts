import { describe, expect, it } from 'vitest';
import {
  type CaseCell,
  type IncidentCell,
  buildStats,
  compliance,
  statsWindow,
} from './incident-stats.js';

const cell = (overrides: Partial<IncidentCell>): IncidentCell => ({
  key: 'heating',
  severity: 'blue',
  status: 'open',
  count: 0,
  silenced: 0,
  suppressed: 0,
  suspect: 0,
  acknowledged: 0,
  ackSeconds: 0,
  resolved: 0,
  resolveSeconds: 0,
  ...overrides,
});

describe('compliance', () => {
  it.each([
    [
      'all closed in time',
      { total: 4, closed: 4, closedOnTime: 4, openPastDue: 0 },
      { closedLate: 0, openWithinLimit: 0, onTimeRate: 1 },
    ],
    [
      'closed late and open past due count against it',
      { total: 10, closed: 6, closedOnTime: 3, openPastDue: 2 },
      { closedLate: 3, openWithinLimit: 2, onTimeRate: 0.375 },
    ],
    [
      'nothing decided yet',
      { total: 3, closed: 0, closedOnTime: 0, openPastDue: 0 },
      { closedLate: 0, openWithinLimit: 3, onTimeRate: null },
    ],
    [
      'a third rounds to four places',
      { total: 3, closed: 3, closedOnTime: 1, openPastDue: 0 },
      { onTimeRate: 0.3333 },
    ],
  ])('%s', (_, counts, expected) => {
    expect(compliance(counts)).toMatchObject({ ...counts, ...expected });
  });
});

describe('buildStats', () => {
  it('counts by severity and status and takes MTTA/MTTR over the incidents that have them', () => {
    const { groups, total } = buildStats(
      [
        cell({
          severity: 'red',
          status: 'resolved',
          count: 2,
          acknowledged: 2,
          ackSeconds: 120,
          resolved: 2,
          resolveSeconds: 7200,
        }),
        cell({ severity: 'blue', status: 'open', count: 3, silenced: 1, suppressed: 2 }),
        cell({
          key: 'waterlogging',
          severity: 'orange',
          status: 'acknowledged',
          count: 1,
          acknowledged: 1,
          ackSeconds: 30,
          suspect: 1,
        }),
      ],
      [],
      false,
    );
    expect(groups.map((g) => g.key)).toEqual(['heating', 'waterlogging']);
    expect(groups[0]).toEqual({
      key: 'heating',
      total: 5,
      bySeverity: { blue: 3, yellow: 0, orange: 0, red: 2 },
      byStatus: { open: 3, acknowledged: 0, resolved: 2 },
      silenced: 1,
      suppressed: 2,
      suspect: 0,
      acknowledged: 2,
      mttaSeconds: 60,
      resolved: 2,
      mttrSeconds: 3600,
      cases: null,
    });
    expect(groups[1]).toMatchObject({ mttaSeconds: 30, mttrSeconds: null, suspect: 1 });
    // The total's means are over all incidents, not a mean of the groups' means.
    expect(total).toMatchObject({
      key: null,
      total: 6,
      acknowledged: 3,
      mttaSeconds: 50,
      mttrSeconds: 3600,
    });
    expect(total.cases).toBeNull();
  });

  it('puts case compliance on the groups that have cases and sorts a null key last', () => {
    const cases: CaseCell[] = [
      { key: 'standing_water', total: 2, closed: 1, closedOnTime: 1, openPastDue: 1 },
      { key: 'garbage_pile', total: 1, closed: 1, closedOnTime: 0, openPastDue: 0 },
    ];
    const { groups, total } = buildStats(
      [cell({ key: null, count: 1 }), cell({ key: 'garbage_pile', count: 2 })],
      cases,
      true,
    );
    expect(groups.map((g) => g.key)).toEqual(['garbage_pile', 'standing_water', null]);
    expect(groups[0]!.cases).toMatchObject({ total: 1, closedLate: 1, onTimeRate: 0 });
    expect(groups[1]!).toMatchObject({ total: 0, mttaSeconds: null });
    expect(groups[1]!.cases).toMatchObject({ onTimeRate: 0.5 });
    expect(groups[2]!.cases).toMatchObject({ total: 0, onTimeRate: null });
    expect(total.cases).toMatchObject({
      total: 3,
      closed: 2,
      closedOnTime: 1,
      openPastDue: 1,
      onTimeRate: 0.3333,
    });
  });

  it('gives only the sanitation group compliance when grouping by domain', () => {
    const { groups, total } = buildStats(
      [cell({ key: 'heating', count: 1 }), cell({ key: 'sanitation', count: 1 })],
      [{ key: 'sanitation', total: 4, closed: 4, closedOnTime: 4, openPastDue: 0 }],
      false,
    );
    expect(groups.find((g) => g.key === 'heating')!.cases).toBeNull();
    expect(groups.find((g) => g.key === 'sanitation')!.cases!.onTimeRate).toBe(1);
    expect(total.cases!.total).toBe(4);
  });

  it('answers empty groups and a zero total for an empty window', () => {
    const { groups, total } = buildStats([], [], true);
    expect(groups).toEqual([]);
    expect(total).toMatchObject({ total: 0, mttaSeconds: null, mttrSeconds: null });
    expect(total.cases).toMatchObject({ total: 0, onTimeRate: null });
  });
});

describe('statsWindow', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it('defaults to the 30 days before now', () => {
    const { from, to } = statsWindow({}, now);
    expect(to).toEqual(now);
    expect(from.toISOString()).toBe('2026-10-27T12:00:00.000Z');
  });
  it('takes the given bounds, `from` defaulting to 30 days before `to`', () => {
    expect(
      statsWindow({ from: '2026-11-01T00:00:00+08:00', to: '2026-11-02T00:00:00Z' }, now),
    ).toEqual({
      from: new Date('2026-10-31T16:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
    });
    expect(statsWindow({ to: '2026-11-02T00:00:00Z' }, now).from.toISOString()).toBe(
      '2026-10-03T00:00:00.000Z',
    );
  });
});
