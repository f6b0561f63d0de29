import { describe, expect, it } from 'vitest';
import {
  MemberContactSchema,
  OncallNowQuerySchema,
  OncallRouteCreateSchema,
  OncallScheduleCreateSchema,
  OncallTeamCreateSchema,
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
