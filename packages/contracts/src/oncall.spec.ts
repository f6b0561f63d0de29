import { describe, expect, it } from 'vitest';
import {
  MemberContactSchema,
  OncallNowQuerySchema,
  OncallRouteCreateSchema,
  OncallScheduleCreateSchema,
  OncallTeamCreateSchema,
  QuietHoursSchema,
} from './oncall.js';

const issues = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }) =>
  function (input: unknown): string[] {
    const result = schema.safeParse(input) as
      | { success: true }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
    return result.success
      ? []
      : result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  };

const team = {
  id: 'heating-duty',
  name: '供热值班 Heating duty',
  members: [
    { id: 'zhang-wei', username: 'zhangwei', contacts: [{ kind: 'sms', phone: '+8613800000000' }] },
    { id: 'li-na', displayName: '李娜 (contractor)', contacts: [] },
  ],
};

const layer = {
  name: 'primary',
  rotation: { type: 'daily', handoffTime: '08:00', startsAt: '2026-11-02', members: ['zhang-wei'] },
};
const schedule = { id: 'heating-primary', teamId: 'heating-duty', layers: [layer] };
const override = (from: string, to: string) => ({ memberId: 'li-na', from, to, reason: 'swap' });

describe('on-call teams', () => {
  const teamIssues = issues(OncallTeamCreateSchema);
  it('accepts users and external people, with contacts', () => {
    expect(teamIssues(team)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['an unknown field', { ...team, colour: 'red' }, ['(body): Unrecognized key: "colour"']],
    [
      'a bad id',
      { ...team, id: 'Heating Duty' },
      ['id: id must be 2 to 63 lowercase letters, digits or "-", starting with a letter or digit'],
    ],
    [
      'duplicate member ids',
      { ...team, members: [team.members[0], team.members[0]] },
      ['members.1.id: duplicate member id "zhang-wei"'],
    ],
    [
      'a member who is neither a user nor named',
      { ...team, members: [{ id: 'ghost' }] },
      [
        'members.0.displayName: give a username (a user of the platform) or a displayName (an external person)',
      ],
    ],
    [
      'a name with control characters',
      { ...team, name: 'a\u0000b' },
      ['name: must not contain control characters'],
    ],
    [
      'an over-long name',
      { ...team, name: 'x'.repeat(101) },
      ['name: must be at most 100 characters'],
    ],
    [
      'an unknown channel',
      {
        ...team,
        members: [{ id: 'x1', displayName: 'x', contacts: [{ kind: 'pager', number: '1' }] }],
      },
      [
        'members.0.contacts.0.kind: Invalid option: expected one of "wecom"|"dingtalk"|"webhook"|"sms"|"email"',
      ],
    ],
  ])('refuses %s', (_name, input, expected) => {
    expect(teamIssues(input)).toEqual(expected);
  });

  it('keeps contact targets loose but bounded', () => {
    const contactIssues = issues(MemberContactSchema);
    expect(contactIssues({ kind: 'wecom', userId: 'zhangwei', atAll: false })).toEqual([]);
    expect(contactIssues({ kind: 'sms', phone: { nested: true } })).not.toEqual([]);
    expect(contactIssues({ kind: 'sms', phone: 'x'.repeat(501) })).not.toEqual([]);
    expect(contactIssues({ kind: 'sms', 'bad key': '1' })).toEqual([
      '(body): contact field names are letters, digits or "_" (at most 40), starting with a letter',
    ]);
    const many = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, 'v']));
    expect(contactIssues({ kind: 'sms', ...many })).toEqual([
      '(body): a contact has at most 8 fields besides kind',
    ]);
  });
});

describe('quiet hours', () => {
  const quietIssues = issues(QuietHoursSchema);
  const night = { start: '22:00', end: '07:00' };

  it('defaults severities to blue and yellow, and takes days, orange and overnight windows', () => {
    expect(QuietHoursSchema.parse([night])).toEqual([{ ...night, severities: ['blue', 'yellow'] }]);
    const parsed = QuietHoursSchema.parse([
      { days: [5, 6], start: '23:30', end: '06:00', severities: ['orange'] },
      { start: '12:00', end: '13:30', severities: ['blue', 'yellow', 'orange'] },
    ]);
    expect(parsed[0]).toEqual({
      days: [5, 6],
      start: '23:30',
      end: '06:00',
      severities: ['orange'],
    });
    // Every parse gets its own default list.
    const [a, b] = [QuietHoursSchema.parse([night]), QuietHoursSchema.parse([night])];
    expect(a[0]!.severities).not.toBe(b[0]!.severities);
  });

  it('is optional on a member and empty when left out', () => {
    const parsed = OncallTeamCreateSchema.parse(team);
    expect(parsed.members.map((m) => m.quietHours)).toEqual([[], []]);
  });

  it.each<[string, unknown, string[]]>([
    [
      'red',
      [{ ...night, severities: ['red'] }],
      ['0.severities.0: red is never held: red pages always go through quiet hours'],
    ],
    [
      'an unknown severity',
      [{ ...night, severities: ['purple'] }],
      ['0.severities.0: must be one of blue, yellow, orange (red is never held)'],
    ],
    ['24:00', [{ ...night, start: '24:00' }], ['0.start: must be HH:MM, 00:00 to 23:59']],
    ['7:5', [{ ...night, end: '7:5' }], ['0.end: must be HH:MM, 00:00 to 23:59']],
    [
      '25:61',
      [{ start: '25:61', end: '25:61' }],
      ['0.start: must be HH:MM, 00:00 to 23:59', '0.end: must be HH:MM, 00:00 to 23:59'],
    ],
    [
      'start == end',
      [{ start: '08:00', end: '08:00' }],
      ['0.end: end must differ from start (an end before start runs overnight)'],
    ],
    ['duplicate days', [{ ...night, days: [1, 3, 1] }], ['0.days.2: duplicate day 1']],
    [
      'day 0 and day 8',
      [{ ...night, days: [0, 8] }],
      [
        '0.days.0: a day is a number, 1 (Monday) to 7 (Sunday)',
        '0.days.1: a day is a number, 1 (Monday) to 7 (Sunday)',
      ],
    ],
    ['no days', [{ ...night, days: [] }], ['0.days: leave days out for every day']],
    [
      'no severities',
      [{ ...night, severities: [] }],
      ['0.severities: leave severities out to hold blue and yellow'],
    ],
    [
      'duplicate severities',
      [{ ...night, severities: ['blue', 'blue'] }],
      ['0.severities.1: duplicate severity blue'],
    ],
    ['an unknown key', [{ ...night, snooze: true }], ['0: Unrecognized key: "snooze"']],
    [
      'eight windows',
      Array.from({ length: 8 }, () => night),
      ['(body): at most 7 quiet-hours windows'],
    ],
    [
      'windows that hold yellow all week',
      [
        { start: '07:00', end: '22:00', severities: ['yellow'] },
        { ...night, severities: ['blue', 'yellow'] },
      ],
      ['(body): the windows hold yellow pages all week long: leave some time when they go through'],
    ],
    [
      'several problems at once, each listed',
      [{ start: '22:00', end: '22:00', days: [2, 2], severities: ['red', 'blue', 'blue'] }],
      [
        '0.severities.0: red is never held: red pages always go through quiet hours',
        '0.end: end must differ from start (an end before start runs overnight)',
        '0.days.1: duplicate day 2',
        '0.severities.2: duplicate severity blue',
      ],
    ],
  ])('refuses %s', (_name, input, expected) => {
    expect(quietIssues(input)).toEqual(expected);
  });

  it('accepts windows that leave a minute of the week, and a week held only on some days', () => {
    expect(
      quietIssues([
        { start: '07:00', end: '22:00' },
        { start: '22:00', end: '06:59' },
      ]),
    ).toEqual([]);
    expect(
      quietIssues([
        { days: [1, 2, 3, 4, 5, 6], start: '00:00', end: '12:00' },
        { days: [1, 2, 3, 4, 5, 6], start: '12:00', end: '00:00' },
      ]),
    ).toEqual([]);
  });

  it('names the member in a team body', () => {
    expect(
      issues(OncallTeamCreateSchema)({
        ...team,
        members: [{ ...team.members[0], quietHours: [{ ...night, severities: ['red'] }] }],
      }),
    ).toEqual([
      'members.0.quietHours.0.severities.0: red is never held: red pages always go through quiet hours',
    ]);
  });
});

describe('on-call schedules', () => {
  const scheduleIssues = issues(OncallScheduleCreateSchema);

  it('defaults the time zone to Asia/Shanghai and overrides to none', () => {
    const parsed = OncallScheduleCreateSchema.parse(schedule);
    expect(parsed.timeZone).toBe('Asia/Shanghai');
    expect(parsed.overrides).toEqual([]);
  });

  it('stores a time zone in its canonical spelling', () => {
    expect(
      OncallScheduleCreateSchema.parse({ ...schedule, timeZone: 'europe/berlin' }).timeZone,
    ).toBe('Europe/Berlin');
  });

  const withRotation = (rotation: Record<string, unknown>) => ({
    ...schedule,
    layers: [{ ...layer, rotation: { ...layer.rotation, ...rotation } }],
  });

  it.each<[string, unknown, string[]]>([
    [
      'an unknown time zone',
      { ...schedule, timeZone: 'Mars/Olympus' },
      [
        'timeZone: "Mars/Olympus" is not an IANA time zone (e.g. Asia/Shanghai, Europe/Berlin, UTC)',
      ],
    ],
    [
      'a time zone that is an injection attempt',
      { ...schedule, timeZone: "UTC'; DROP TABLE x" },
      [
        `timeZone: "UTC'; DROP TABLE x" is not an IANA time zone (e.g. Asia/Shanghai, Europe/Berlin, UTC)`,
      ],
    ],
    [
      '24:00',
      withRotation({ handoffTime: '24:00' }),
      ['layers.0.rotation.handoffTime: must be HH:MM, 00:00 to 23:59'],
    ],
    [
      '08:60',
      withRotation({ handoffTime: '08:60' }),
      ['layers.0.rotation.handoffTime: must be HH:MM, 00:00 to 23:59'],
    ],
    [
      '8:00',
      withRotation({ handoffTime: '8:00' }),
      ['layers.0.rotation.handoffTime: must be HH:MM, 00:00 to 23:59'],
    ],
    [
      'a weekly rotation without weekday',
      withRotation({ type: 'weekly' }),
      [
        'layers.0.rotation.handoffWeekday: a weekly rotation needs handoffWeekday (1 Monday … 7 Sunday)',
      ],
    ],
    [
      'weekday 8',
      withRotation({ type: 'weekly', handoffWeekday: 8 }),
      ['layers.0.rotation.handoffWeekday: Too big: expected number to be <=7'],
    ],
    [
      'a weekday on a daily rotation',
      withRotation({ handoffWeekday: 1 }),
      ['layers.0.rotation.handoffWeekday: handoffWeekday is for weekly rotations only'],
    ],
    [
      'an impossible date',
      withRotation({ startsAt: '2026-02-30' }),
      ['layers.0.rotation.startsAt: must be a date YYYY-MM-DD'],
    ],
    [
      'an empty rotation',
      withRotation({ members: [] }),
      ['layers.0.rotation.members: a rotation needs at least one member'],
    ],
    ['no layers', { ...schedule, layers: [] }, ['layers: a schedule needs at least one layer']],
    [
      'duplicate layer names',
      { ...schedule, layers: [layer, layer] },
      ['layers.1.name: duplicate layer name "primary"'],
    ],
    [
      'a restriction that starts where it ends',
      { ...schedule, layers: [{ ...layer, restrictions: [{ start: '08:00', end: '08:00' }] }] },
      [
        'layers.0.restrictions.0.end: end must differ from start (leave restrictions out for all day)',
      ],
    ],
    [
      'an override that ends before it starts',
      {
        ...schedule,
        overrides: [override('2026-11-03T10:00:00+08:00', '2026-11-03T09:00:00+08:00')],
      },
      ['overrides.0.to: to must be after from'],
    ],
    [
      'an override of no length',
      {
        ...schedule,
        overrides: [override('2026-11-03T10:00:00+08:00', '2026-11-03T10:00:00+08:00')],
      },
      ['overrides.0.to: to must be after from'],
    ],
    [
      'an override without offset',
      { ...schedule, overrides: [override('2026-11-03T10:00:00', '2026-11-03T12:00:00+08:00')] },
      ['overrides.0.from: must be ISO 8601 with an offset'],
    ],
    [
      'an override longer than 31 days',
      { ...schedule, overrides: [override('2026-11-01T00:00:00Z', '2026-12-03T00:00:00Z')] },
      ['overrides.0.to: an override lasts at most 31 days'],
    ],
    [
      'overlapping overrides (given in any order)',
      {
        ...schedule,
        overrides: [
          override('2026-11-03T12:00:00+08:00', '2026-11-03T14:00:00+08:00'),
          override('2026-11-03T10:00:00+08:00', '2026-11-03T12:30:00+08:00'),
        ],
      },
      ['overrides.1: overlaps override 0: overrides may not overlap'],
    ],
  ])('refuses %s', (_name, input, expected) => {
    expect(scheduleIssues(input)).toEqual(expected);
  });

  it('accepts overrides that touch end to start', () => {
    expect(
      scheduleIssues({
        ...schedule,
        overrides: [
          override('2026-11-03T10:00:00+08:00', '2026-11-03T12:00:00+08:00'),
          override('2026-11-03T12:00:00+08:00', '2026-11-03T14:00:00+08:00'),
        ],
      }),
    ).toEqual([]);
  });
});

describe('on-call routes and queries', () => {
  const routeIssues = issues(OncallRouteCreateSchema);
  it('accepts a route without match (the default route) and one with criteria', () => {
    expect(
      OncallRouteCreateSchema.parse({ id: 'default', order: 1000, teamId: 'x1' }).match,
    ).toEqual({});
    expect(
      routeIssues({
        id: 'heping',
        order: 1,
        teamId: 'x1',
        match: { districts: ['120101'], severities: ['red'] },
      }),
    ).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['an unknown district', { districts: ['999999'] }, 'match.districts.0'],
    ['an unknown domain', { domains: ['parking'] }, 'match.domains.0'],
    ['an empty list', { severities: [] }, 'match.severities: leave severities out to match any'],
    ['duplicates', { severities: ['red', 'red'] }, 'match.severities: duplicate severities'],
    ['an unknown criterion', { owner: ['x'] }, 'match: Unrecognized key: "owner"'],
  ])('refuses %s', (_name, match, expected) => {
    expect(routeIssues({ id: 'r1', order: 1, teamId: 'x1', match }).join('\n')).toContain(expected);
  });

  it('refuses a fractional or negative order', () => {
    expect(routeIssues({ id: 'r1', order: 1.5, teamId: 'x1' })).not.toEqual([]);
    expect(routeIssues({ id: 'r1', order: -1, teamId: 'x1' })).not.toEqual([]);
  });

  it('takes `at` only as an ISO instant with offset', () => {
    expect(OncallNowQuerySchema.safeParse({ at: '2026-11-03T10:00:00+08:00' }).success).toBe(true);
    expect(OncallNowQuerySchema.safeParse({ at: '2026-11-03 10:00' }).success).toBe(false);
    expect(OncallNowQuerySchema.safeParse({ at: '1700000000000' }).success).toBe(false);
    expect(OncallNowQuerySchema.safeParse({ when: 'now' }).success).toBe(false);
  });
});
