import type { ScheduleLayer, ScheduleOverride } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import {
  type ScheduleSpec,
  dayNumber,
  onCallAt,
  spanAt,
  spansBetween,
  spansOverlapping,
  weekdayOf,
  zonedTimeToUtc,
} from './rotation.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function layer(
  name: string,
  rotation: Partial<ScheduleLayer['rotation']>,
  restrictions?: ScheduleLayer['restrictions'],
): ScheduleLayer {
  return {
    name,
    rotation: {
      type: 'daily',
      handoffTime: '08:00',
      startsAt: '2026-11-02',
      members: ['a', 'b', 'c'],
      ...rotation,
    },
    ...(restrictions ? { restrictions } : {}),
  };
}

function schedule(
  layers: ScheduleLayer[],
  overrides: ScheduleOverride[] = [],
  timeZone = 'Asia/Shanghai',
): ScheduleSpec {
  return { id: 'duty', timeZone, layers, overrides };
}

const who = (s: ScheduleSpec, at: string) => onCallAt(s, t(at))?.memberId ?? null;

describe('local calendar arithmetic', () => {
  it.each([
    ['2026-11-02', 1],
    ['2026-11-08', 7],
    ['2026-11-04', 3],
    ['2000-01-01', 6],
  ])('gives %s the ISO weekday %i', (date, weekday) => {
    expect(weekdayOf(dayNumber(date))).toBe(weekday);
  });

  it.each([
    // zone, local date, local time, instant
    ['Asia/Shanghai', '2026-11-02', '08:00', '2026-11-02T00:00:00.000Z'],
    ['Asia/Shanghai', '2026-11-02', '00:30', '2026-11-01T16:30:00.000Z'],
    ['UTC', '2026-11-02', '08:00', '2026-11-02T08:00:00.000Z'],
    ['America/New_York', '2026-07-01', '08:00', '2026-07-01T12:00:00.000Z'],
    ['Europe/Berlin', '2026-10-24', '08:00', '2026-10-24T06:00:00.000Z'], // summer time, +2
    ['Europe/Berlin', '2026-10-25', '08:00', '2026-10-25T07:00:00.000Z'], // winter time, +1
    ['Europe/Berlin', '2026-03-28', '08:00', '2026-03-28T07:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', '08:00', '2026-03-29T06:00:00.000Z'],
    // 02:30 does not happen on the spring day: moved forward by the gap to 03:30 summer time
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:30:00.000Z'],
    // 02:30 happens twice on the autumn day: the first one (summer time)
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'],
  ])('in %s, %s %s local is %s', (zone, date, time, expected) => {
    const [h, m] = time.split(':').map(Number);
    expect(iso(zonedTimeToUtc(zone, dayNumber(date), h! * 60 + m!))).toBe(expected);
  });
});

describe('onCallAt: daily rotation in Asia/Shanghai, handoff 08:00, from 2026-11-02', () => {
  const s = schedule([layer('primary', {})]);
  it.each([
    ['2026-11-01T12:00:00+08:00', null, 'the day before the rotation starts'],
    ['2026-11-02T07:59:59.999+08:00', null, 'a millisecond before the first handoff'],
    ['2026-11-02T08:00:00+08:00', 'a', 'exactly at the first handoff'],
    ['2026-11-03T07:59:59.999+08:00', 'a', 'the last millisecond of the first shift'],
    ['2026-11-03T08:00:00+08:00', 'b', 'exactly at the second handoff'],
    ['2026-11-04T08:00:00+08:00', 'c', 'the third shift'],
    ['2026-11-05T08:00:00+08:00', 'a', 'round again'],
    ['2026-11-05T00:00:00Z', 'a', 'an instant given in UTC (08:00 local)'],
    ['2026-11-04T23:59:59.999Z', 'c', 'just before it in UTC'],
  ])('at %s: %s (%s)', (at, expected, _why) => {
    expect(who(s, at)).toBe(expected);
  });

  it('a year later, the shift count decides (365 days after start is shift 365, 365 mod 3 = 2)', () => {
    expect(who(s, '2027-11-02T09:00:00+08:00')).toBe('c');
  });
});

describe('onCallAt: weekly rotation', () => {
  // startsAt is a Wednesday; the first handoff is the Monday after it, 09:00.
  const s = schedule([
    layer('weekly', {
      type: 'weekly',
      handoffWeekday: 1,
      handoffTime: '09:00',
      startsAt: '2026-11-04',
      members: ['a', 'b'],
    }),
  ]);
  it.each([
    ['2026-11-04T12:00:00+08:00', null, 'on startsAt, before the first handoff weekday'],
    ['2026-11-09T08:59:00+08:00', null, 'the first Monday, a minute before 09:00'],
    ['2026-11-09T09:00:00+08:00', 'a', 'the first Monday at 09:00'],
    ['2026-11-15T23:59:00+08:00', 'a', 'the Sunday after'],
    ['2026-11-16T08:59:59.999+08:00', 'a', 'the next Monday just before 09:00'],
    ['2026-11-16T09:00:00+08:00', 'b', 'the next Monday at 09:00'],
    ['2026-11-18T09:00:00+08:00', 'b', 'a Wednesday is not a handoff'],
    ['2026-11-23T09:00:00+08:00', 'a', 'round again'],
  ])('at %s: %s (%s)', (at, expected, _why) => {
    expect(who(s, at)).toBe(expected);
  });

  it('starts on startsAt itself when it is the handoff weekday', () => {
    const sunday = schedule([
      layer('weekly', {
        type: 'weekly',
        handoffWeekday: 7,
        startsAt: '2026-11-08',
        members: ['a', 'b'],
      }),
    ]);
    expect(who(sunday, '2026-11-08T07:59:00+08:00')).toBeNull();
    expect(who(sunday, '2026-11-08T08:00:00+08:00')).toBe('a');
    expect(who(sunday, '2026-11-15T08:00:00+08:00')).toBe('b');
  });
});

describe('onCallAt: Europe/Berlin across daylight-saving changes (handoff 08:00 local)', () => {
  const s = schedule(
    [layer('primary', { startsAt: '2026-10-20', members: ['a', 'b'] })],
    [],
    'Europe/Berlin',
  );
  // Shift k starts 2026-10-20 + k days; the 24th (k=4, a) lasts 25 hours, the 25th (k=5) is b.
  it.each([
    ['2026-10-24T05:59:59.999Z', 'b', '07:59:59 summer time on the 24th: still shift 3'],
    ['2026-10-24T06:00:00Z', 'a', '08:00 summer time (+2) on the 24th'],
    ['2026-10-25T06:00:00Z', 'a', '07:00 winter time on the 25th: the long shift goes on'],
    ['2026-10-25T06:59:59.999Z', 'a', 'the last millisecond of the 25-hour shift'],
    ['2026-10-25T07:00:00Z', 'b', '08:00 winter time (+1) on the 25th'],
    ['2026-10-25T08:00:00+01:00', 'b', 'the same instant written in local time'],
  ])('at %s: %s (%s)', (at, expected, _why) => {
    expect(who(s, at)).toBe(expected);
  });

  it('gives the shift that spans the autumn change 25 hours and the spring one 23', () => {
    const autumn = spanAt(s, t('2026-10-24T12:00:00Z'))!;
    expect([iso(autumn.start), iso(autumn.end)]).toEqual([
      '2026-10-24T06:00:00.000Z',
      '2026-10-25T07:00:00.000Z',
    ]);
    const spring = schedule(
      [layer('p', { startsAt: '2026-03-01', members: ['a'] })],
      [],
      'Europe/Berlin',
    );
    const short = spanAt(spring, t('2026-03-28T12:00:00Z'))!;
    expect([iso(short.start), iso(short.end)]).toEqual([
      '2026-03-28T07:00:00.000Z',
      '2026-03-29T06:00:00.000Z',
    ]);
  });

  it('hands off at the same local time where Shanghai (no daylight saving) keeps the same UTC time', () => {
    const shanghai = schedule([layer('p', { startsAt: '2026-10-20', members: ['a', 'b'] })]);
    expect(who(shanghai, '2026-10-25T00:00:00Z')).toBe('b');
    expect(who(shanghai, '2026-10-24T23:59:59Z')).toBe('a');
  });
});

describe('onCallAt: layers', () => {
  // Base: a/b/c by day from 08:00. Nights (20:00 to 08:00) are covered by n on a higher layer.
  const s = schedule([
    layer('day', {}),
    layer('nights', { members: ['n'], handoffTime: '20:00' }, [{ start: '20:00', end: '08:00' }]),
  ]);
  it.each([
    ['2026-11-02T12:00:00+08:00', 'a', 'daytime: the base layer'],
    ['2026-11-02T19:59:59.999+08:00', 'a', 'just before the night window'],
    ['2026-11-02T20:00:00+08:00', 'n', 'the night window opens: the higher layer wins'],
    ['2026-11-03T07:59:59.999+08:00', 'n', 'the last moment of the night (the next local day)'],
    ['2026-11-03T08:00:00+08:00', 'b', 'the night window closes: the base layer again, next shift'],
  ])('at %s: %s (%s)', (at, expected, _why) => {
    expect(who(s, at)).toBe(expected);
  });

  it('lets a lower layer cover before a higher layer has started', () => {
    const later = schedule([
      layer('day', {}),
      layer('top', { startsAt: '2026-11-10', members: ['t'] }),
    ]);
    expect(who(later, '2026-11-09T12:00:00+08:00')).toBe('b'); // shift 7: 7 mod 3 = 1
    expect(who(later, '2026-11-10T08:00:00+08:00')).toBe('t');
  });

  it('applies weekday restrictions by the local day a window starts on', () => {
    // Weekend daytime (Sat 6, Sun 7, 09:00 to 18:00) goes to w.
    const weekend = schedule([
      layer('day', { members: ['a'] }),
      layer('weekend', { members: ['w'] }, [{ start: '09:00', end: '18:00', weekdays: [6, 7] }]),
    ]);
    expect(who(weekend, '2026-11-06T12:00:00+08:00')).toBe('a'); // Friday
    expect(who(weekend, '2026-11-07T08:59:00+08:00')).toBe('a'); // Saturday before 09:00
    expect(who(weekend, '2026-11-07T09:00:00+08:00')).toBe('w');
    expect(who(weekend, '2026-11-08T17:59:00+08:00')).toBe('w'); // Sunday
    expect(who(weekend, '2026-11-08T18:00:00+08:00')).toBe('a');
    expect(who(weekend, '2026-11-09T12:00:00+08:00')).toBe('a'); // Monday
  });

  it('leaves nobody on call where only a restricted layer exists outside its windows', () => {
    const nightsOnly = schedule([
      layer('nights', { members: ['n'] }, [{ start: '22:00', end: '06:00' }]),
    ]);
    expect(who(nightsOnly, '2026-11-03T12:00:00+08:00')).toBeNull();
    expect(who(nightsOnly, '2026-11-03T23:00:00+08:00')).toBe('n');
    expect(who(nightsOnly, '2026-11-04T05:59:00+08:00')).toBe('n');
    expect(who(nightsOnly, '2026-11-04T06:00:00+08:00')).toBeNull();
  });
});

describe('overrides', () => {
  const base = layer('primary', { members: ['a', 'b'] });
  const override = (memberId: string, from: string, to: string): ScheduleOverride => ({
    memberId,
    from,
    to,
    reason: '换班 swap',
  });

  it('win over every layer, only inside [from, to)', () => {
    const s = schedule(
      [base, layer('top', { members: ['t'] })],
      [override('x', '2026-11-03T12:00:00+08:00', '2026-11-03T14:00:00+08:00')],
    );
    expect(who(s, '2026-11-03T11:59:59.999+08:00')).toBe('t');
    expect(who(s, '2026-11-03T12:00:00+08:00')).toBe('x');
    expect(onCallAt(s, t('2026-11-03T13:00:00+08:00'))!.source).toEqual({
      kind: 'override',
      reason: '换班 swap',
      overrideIndex: 0,
    });
    expect(who(s, '2026-11-03T14:00:00+08:00')).toBe('t');
  });

  it('cut a shift they partly cover into spans around them', () => {
    const s = schedule(
      [base],
      [override('x', '2026-11-02T12:00:00+08:00', '2026-11-02T14:00:00+08:00')],
    );
    const spans = spansBetween(s, t('2026-11-02T00:00:00+08:00'), t('2026-11-03T12:00:00+08:00'));
    expect(
      spans.map((sp) => [
        sp.memberId,
        sp.source.kind,
        iso(sp.start),
        iso(sp.end),
        iso(sp.shiftStart),
      ]),
    ).toEqual([
      [
        'a',
        'layer',
        '2026-11-02T00:00:00.000Z',
        '2026-11-02T04:00:00.000Z',
        '2026-11-02T00:00:00.000Z',
      ],
      [
        'x',
        'override',
        '2026-11-02T04:00:00.000Z',
        '2026-11-02T06:00:00.000Z',
        '2026-11-02T04:00:00.000Z',
      ],
      [
        'a',
        'layer',
        '2026-11-02T06:00:00.000Z',
        '2026-11-03T00:00:00.000Z',
        '2026-11-02T00:00:00.000Z',
      ],
      [
        'b',
        'layer',
        '2026-11-03T00:00:00.000Z',
        '2026-11-03T04:00:00.000Z',
        '2026-11-03T00:00:00.000Z',
      ],
    ]);
  });

  it('span a handoff: the next shift begins when the override ends', () => {
    const s = schedule(
      [base],
      [override('x', '2026-11-03T06:00:00+08:00', '2026-11-03T10:00:00+08:00')],
    );
    const now = spanAt(s, t('2026-11-03T09:00:00+08:00'))!;
    expect([now.memberId, iso(now.start), iso(now.end)]).toEqual([
      'x',
      '2026-11-02T22:00:00.000Z',
      '2026-11-03T02:00:00.000Z',
    ]);
    const after = spanAt(s, t('2026-11-03T10:00:00+08:00'))!;
    expect([after.memberId, iso(after.start), iso(after.end)]).toEqual([
      'b',
      '2026-11-03T02:00:00.000Z',
      '2026-11-04T00:00:00.000Z',
    ]);
  });

  it('put someone on call before the rotation starts', () => {
    const s = schedule(
      [base],
      [override('x', '2026-11-01T08:00:00+08:00', '2026-11-01T20:00:00+08:00')],
    );
    expect(who(s, '2026-11-01T09:00:00+08:00')).toBe('x');
    expect(who(s, '2026-11-01T21:00:00+08:00')).toBeNull();
  });
});

describe('spans', () => {
  it('keeps consecutive shifts of the same member apart (one event per shift)', () => {
    const s = schedule([layer('solo', { members: ['a'] })]);
    const spans = spansBetween(s, t('2026-11-02T00:00:00+08:00'), t('2026-11-05T00:00:00+08:00'));
    expect(spans.map((sp) => [iso(sp.start), iso(sp.end)])).toEqual([
      ['2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z'],
      ['2026-11-03T00:00:00.000Z', '2026-11-04T00:00:00.000Z'],
      ['2026-11-04T00:00:00.000Z', '2026-11-04T16:00:00.000Z'],
    ]);
  });

  it('clips spansBetween to the range but keeps the real start in spansOverlapping', () => {
    const s = schedule([layer('p', {})]);
    const [from, to] = [t('2026-11-03T12:00:00+08:00'), t('2026-11-04T12:00:00+08:00')];
    expect(iso(spansBetween(s, from, to)[0]!.start)).toBe('2026-11-03T04:00:00.000Z');
    const whole = spansOverlapping(s, from, to);
    expect(whole.map((sp) => [sp.memberId, iso(sp.start)])).toEqual([
      ['b', '2026-11-03T00:00:00.000Z'],
      ['c', '2026-11-04T00:00:00.000Z'],
    ]);
  });

  it('answers nothing for an empty or reversed range, and nobody before the start', () => {
    const s = schedule([layer('p', {})]);
    expect(spansBetween(s, t('2026-11-03T00:00:00Z'), t('2026-11-03T00:00:00Z'))).toEqual([]);
    expect(spansBetween(s, t('2026-11-04T00:00:00Z'), t('2026-11-03T00:00:00Z'))).toEqual([]);
    expect(spanAt(s, t('2026-11-01T00:00:00Z'))).toBeNull();
    const first = spansBetween(s, t('2026-10-01T00:00:00Z'), t('2026-11-03T00:00:00Z'))[0]!;
    expect(iso(first.start)).toBe('2026-11-02T00:00:00.000Z');
  });

  it('gives the span at an instant with exact ends, also for a weekly shift', () => {
    const s = schedule([
      layer('w', {
        type: 'weekly',
        handoffWeekday: 1,
        startsAt: '2026-11-02',
        members: ['a', 'b'],
      }),
    ]);
    const span = spanAt(s, t('2026-11-12T00:00:00Z'))!;
    expect([span.memberId, iso(span.start), iso(span.end)]).toEqual([
      'b',
      '2026-11-09T00:00:00.000Z',
      '2026-11-16T00:00:00.000Z',
    ]);
  });
});
