import { describe, expect, it } from 'vitest';
import { historyWindow } from './historyWindow';
import { incidentFilterQuery } from './incidentFilterQuery';
import { defaultHistoryFilters } from './defaultHistoryFilters';
import { localDay } from './localDay';
import { shiftDay } from './shiftDay';
import { zonedTime } from './zonedTime';

const TZ = 'Asia/Shanghai';

describe('days and instants in the city zone', () => {
  it('finds the Shanghai day of an instant, which is ahead of UTC in the evening', () => {
    expect(localDay('2026-11-25T15:59:59Z', TZ)).toBe('2026-11-25');
    expect(localDay('2026-11-25T16:00:00Z', TZ)).toBe('2026-11-26');
  });

  it('gives the instant of a wall-clock time', () => {
    expect(new Date(zonedTime('2026-11-26', TZ)).toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(new Date(zonedTime('2026-11-26', TZ, '08:30')).toISOString()).toBe(
      '2026-11-26T00:30:00.000Z',
    );
    // A zone with daylight saving: the offset of that day, not of the guess.
    expect(new Date(zonedTime('2026-07-01', 'Europe/Berlin')).toISOString()).toBe(
      '2026-06-30T22:00:00.000Z',
    );
    expect(new Date(zonedTime('2026-03-29', 'Europe/Berlin', '12:00')).toISOString()).toBe(
      '2026-03-29T10:00:00.000Z',
    );
  });

  it('moves days across months and leap years', () => {
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDay('2028-02-28', 1)).toBe('2028-02-29');
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('historyWindow', () => {
  it('covers today from its midnight in Shanghai to the next', () => {
    expect(historyWindow({ kind: 'today' }, '2026-11-26', TZ)).toEqual({
      from: '2026-11-25T16:00:00.000Z',
      to: '2026-11-26T16:00:00.000Z',
      days: ['2026-11-26'],
    });
  });

  it('ends the quick picks with today and counts it among the days', () => {
    const week = historyWindow({ kind: '7d' }, '2026-11-26', TZ);
    expect(week.days).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
    expect(week.from).toBe('2026-11-19T16:00:00.000Z');
    const month = historyWindow({ kind: '30d' }, '2026-03-05', TZ);
    expect(month.days).toHaveLength(30);
    expect(month.days[0]).toBe('2026-02-04');
  });

  it('includes both days of a custom range', () => {
    expect(
      historyWindow({ kind: 'custom', from: '2026-10-31', to: '2026-11-01' }, '2026-11-26', TZ),
    ).toEqual({
      from: '2026-10-30T16:00:00.000Z',
      to: '2026-11-01T16:00:00.000Z',
      days: ['2026-10-31', '2026-11-01'],
    });
  });

  it('turns a view into the API filter parameters', () => {
    const window = historyWindow({ kind: 'today' }, '2026-11-26', TZ);
    expect(incidentFilterQuery(defaultHistoryFilters, window).toString()).toBe(
      'from=2026-11-25T16%3A00%3A00.000Z&to=2026-11-26T16%3A00%3A00.000Z',
    );
    const query = incidentFilterQuery(
      {
        ...defaultHistoryFilters,
        domain: ['heating', 'sanitation'],
        status: ['resolved'],
        category: ['toilet'],
        handledBy: 'wang',
      },
      window,
    );
    expect(Object.fromEntries(query)).toEqual({
      status: 'resolved',
      domain: 'heating,sanitation',
      category: 'toilet',
      handledBy: 'wang',
      from: window.from,
      to: window.to,
    });
  });
});
