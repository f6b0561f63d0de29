import { describe, expect, it } from 'vitest';
import { CASE_CATEGORIES } from './sanitation.js';
import {
  type CaseTimeLimitRule,
  DEFAULT_RULES,
  DEFAULT_WORKING_CALENDAR,
  INDOOR_TEMP_FOR_AN_HOUR,
  RuleListQuerySchema,
  RuleSchema,
  RuleUpdateBodySchema,
  type ThresholdRule,
  WorkingCalendarSchema,
} from './rules.js';

const byId = (id: string) => DEFAULT_RULES.find((r) => r.id === id)!;
const issues = (input: unknown) => {
  const result = RuleSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((i) => `${i.path.join('.') || '(rule)'}: ${i.message}`);
};

describe('the default Tianjin pack', () => {
  it('is valid and unchanged by parsing (every default is spelled out)', () => {
    for (const rule of DEFAULT_RULES) expect(RuleSchema.parse(rule)).toEqual(rule);
  });

  it('has unique ids and the product’s rules', () => {
    const ids = DEFAULT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'indoor-temp-low',
      'underpass-depth',
      'rainstorm-signal',
      'heating-sensor-offline',
      'waterlogging-sensor-offline',
      'case-limit-garbage-pile',
      'case-limit-dirty-street',
      'case-limit-road-water-ice',
      'case-limit-toilet',
      'case-limit-other',
      'case-cluster',
    ]);
    expect(DEFAULT_RULES.every((r) => r.enabled && r.version === 1)).toBe(true);
  });

  it('raises indoor temperature at once for now; the hour-long form is the opt-in example', () => {
    expect((byId('indoor-temp-low') as ThresholdRule).forMinutes).toBe(0);
    expect(RuleSchema.parse(INDOOR_TEMP_FOR_AN_HOUR)).toMatchObject({
      id: 'indoor-temp-low',
      forMinutes: 60,
    });
  });

  it('raises the underpass level on a rise of more than 5 cm in 10 minutes', () => {
    expect((byId('underpass-depth') as ThresholdRule).rateRaise).toEqual({
      deltaPerWindow: 5,
      windowMinutes: 10,
    });
  });

  it('gives every case category exactly one time limit, working hours where the manuals say', () => {
    const limits = DEFAULT_RULES.filter(
      (r): r is CaseTimeLimitRule => r.type === 'case_time_limit',
    );
    const covered = limits.flatMap((r) => r.categories);
    expect([...covered].sort()).toEqual([...CASE_CATEGORIES].sort());
    const limitOf = (category: string) =>
      limits.find((r) => r.categories.some((c) => c === category))!;
    expect([limitOf('garbage_pile').hours, limitOf('garbage_pile').workingHours]).toEqual([
      4,
      true,
    ]);
    expect([limitOf('dirty_street').hours, limitOf('dirty_street').workingHours]).toEqual([
      5,
      true,
    ]);
    expect([limitOf('standing_water').hours, limitOf('snow_ice').hours]).toEqual([4, 4]);
    expect([limitOf('toilet').hours, limitOf('toilet').workingHours]).toEqual([24, false]);
    expect([limitOf('other').hours, limitOf('other').workingHours]).toEqual([72, false]);
    expect(limits.every((r) => r.severity === 'yellow')).toBe(true);
  });

  it('watches every asset kind for silence', () => {
    const kinds = DEFAULT_RULES.flatMap((r) => (r.type === 'no_data' ? r.assetKinds : []));
    expect(kinds.sort()).toEqual(
      [
        'heat_source',
        'heat_station',
        'indoor_sensor',
        'low_road',
        'rain_gauge',
        'underpass',
      ].sort(),
    );
  });
});

describe('rule validation (one message per problem, with its path)', () => {
  const indoor = byId('indoor-temp-low');
  const depth = byId('underpass-depth');
  const offline = byId('heating-sensor-offline');
  const rain = byId('rainstorm-signal');
  const limit = byId('case-limit-garbage-pile');
  const cluster = byId('case-cluster');

  it.each<[string, unknown, string]>([
    // every kind
    [
      'an unknown type',
      { ...indoor, type: 'magic' },
      'type: type must be one of threshold, no_data, window, case_time_limit, case_cluster',
    ],
    [
      'a bad id',
      { ...indoor, id: 'Bad Id!' },
      'id: id must be 2 to 63 lowercase letters, digits or "-", starting with a letter or digit',
    ],
    ['a misspelt field', { ...indoor, forMinute: 60 }, '(rule): Unrecognized key: "forMinute"'],
    [
      'a control character in the name',
      { ...indoor, name: 'cold\u0000' },
      'name: must not contain control characters',
    ],
    [
      'an unknown title placeholder',
      { ...indoor, title: '{asset} {temp}' },
      'title: unknown placeholder {temp}; a title may use {asset} and {value}',
    ],
    ['version 0', { ...indoor, version: 0 }, 'version: Too small: expected number to be >=1'],
    // threshold
    [
      'a higher severity needing a warmer room',
      {
        ...indoor,
        levels: [
          { severity: 'blue', value: 18 },
          { severity: 'red', value: 20 },
        ],
      },
      'levels: a higher severity must need a lower value',
    ],
    [
      'a severity twice',
      {
        ...indoor,
        levels: [
          { severity: 'blue', value: 18 },
          { severity: 'blue', value: 16 },
        ],
      },
      'levels: each severity may appear once',
    ],
    [
      'a clear value inside the alarm band',
      { ...indoor, clear: 17 },
      'clear: clear must be on the safe side of the blue level (hysteresis)',
    ],
    [
      'a clear value above the first level of an `above` rule',
      { ...depth, clear: 12 },
      'clear: clear must be on the safe side of the blue level (hysteresis)',
    ],
    [
      'an asset kind of another domain',
      { ...indoor, assetKinds: ['underpass'] },
      'assetKinds.0: underpass belongs to waterlogging, not heating',
    ],
    [
      'a kind that does not report the metric',
      { ...depth, assetKinds: ['rain_gauge'] },
      'assetKinds.0: rain_gauge does not report depthCm',
    ],
    [
      'a negative duration',
      { ...indoor, forMinutes: -5 },
      'forMinutes: Too small: expected number to be >=0',
    ],
    [
      'a rate raise of no change',
      { ...depth, rateRaise: { deltaPerWindow: 0, windowMinutes: 10 } },
      'rateRaise.deltaPerWindow: Too small: expected number to be >0',
    ],
    [
      'flap damping that always flaps',
      { ...indoor, flap: { maxTransitions: 1, windowMinutes: 30, quietMinutes: 20 } },
      'flap.maxTransitions: Too small: expected number to be >=2',
    ],
    // no_data
    [
      'an asset kind without its reporting interval',
      { ...offline, expectedIntervalSec: { heat_source: 300, heat_station: 300 } },
      'expectedIntervalSec.indoor_sensor: the expected reporting interval of indoor_sensor is missing',
    ],
    [
      'an interval for a kind the rule does not watch',
      { ...offline, assetKinds: ['heat_source', 'heat_station'] },
      "expectedIntervalSec.indoor_sensor: indoor_sensor is not one of the rule's assetKinds",
    ],
    [
      'zero intervals',
      { ...offline, intervals: 0 },
      'intervals: Too small: expected number to be >=1',
    ],
    // window
    [
      'a higher signal that is not stricter',
      {
        ...rain,
        levels: [
          { severity: 'blue', windowHours: 3, value: 50 },
          { severity: 'yellow', windowHours: 6, value: 50 },
        ],
      },
      'levels: yellow must be stricter than blue: the same or a shorter window and a higher or equal value, not both the same',
    ],
    [
      'two signals with the same window and value',
      {
        ...rain,
        levels: [
          { severity: 'orange', windowHours: 3, value: 50 },
          { severity: 'red', windowHours: 3, value: 50 },
        ],
      },
      'levels: red must be stricter than orange: the same or a shorter window and a higher or equal value, not both the same',
    ],
    [
      'an empty window',
      { ...rain, levels: [{ severity: 'blue', windowHours: 0, value: 50 }] },
      'levels.0.windowHours: Too small: expected number to be >0',
    ],
    [
      'an unknown aggregate',
      { ...rain, aggregate: 'median' },
      'aggregate: Invalid option: expected one of "sum"|"mean"|"max"|"integral"',
    ],
    // case_time_limit
    [
      'a case rule outside sanitation',
      { ...limit, domain: 'heating' },
      'domain: case rules belong to sanitation',
    ],
    ['no time at all', { ...limit, hours: 0 }, 'hours: Too small: expected number to be >0'],
    [
      'a category twice',
      { ...limit, categories: ['garbage_pile', 'garbage_pile'] },
      'categories: each categories entry may appear once',
    ],
    [
      'an unknown category',
      { ...limit, categories: ['potholes'] },
      'categories.0: Invalid option: expected one of "garbage_pile"|"dirty_street"|"toilet"|"snow_ice"|"standing_water"|"other"',
    ],
    [
      'a working day that ends before it starts',
      { ...limit, calendar: { start: '17:00', end: '09:00' } },
      'calendar.end: the working day must end after it starts',
    ],
    [
      'an unknown time zone',
      { ...limit, calendar: { timezone: 'Mars/Olympus' } },
      'calendar.timezone: timezone must be an IANA zone such as Asia/Shanghai',
    ],
    [
      'a holiday that is not a date',
      { ...limit, calendar: { holidays: ['Oct 1'] } },
      'calendar.holidays.0: dates are YYYY-MM-DD (local)',
    ],
    // case_cluster
    [
      'a cluster of one',
      { ...cluster, minCases: 1 },
      'minCases: Too small: expected number to be >=2',
    ],
    [
      'a cluster without a radius',
      { ...cluster, radiusM: 0 },
      'radiusM: Too small: expected number to be >0',
    ],
  ])('refuses %s', (_name, input, message) => {
    expect(issues(input)).toContain(message);
  });

  it('accepts the optional threshold fields', () => {
    const rule = RuleSchema.parse({
      ...indoor,
      forMinutes: 60,
      clearForMinutes: 15,
      rateRaise: { deltaPerWindow: 2, windowMinutes: 30 },
      flap: { maxTransitions: 4, windowMinutes: 60, quietMinutes: 30 },
    });
    expect(rule).toMatchObject({ forMinutes: 60, clearForMinutes: 15 });
  });

  it('fills enabled, version and the working calendar by default', () => {
    const { enabled: _e, version: _v, ...bare } = limit;
    const rule = RuleSchema.parse({ ...bare, calendar: { holidays: ['2026-10-01'] } });
    expect(rule).toMatchObject({ enabled: true, version: 1 });
    expect(rule.type === 'case_time_limit' && rule.calendar).toEqual({
      ...DEFAULT_WORKING_CALENDAR,
      holidays: ['2026-10-01'],
    });
    expect(DEFAULT_WORKING_CALENDAR).toEqual(
      WorkingCalendarSchema.parse({
        timezone: 'Asia/Shanghai',
        start: '09:00',
        end: '17:00',
        days: [1, 2, 3, 4, 5],
      }),
    );
  });
});

describe('REST shapes', () => {
  it('needs the edited version on an update', () => {
    const { version: _v, ...withoutVersion } = byId('indoor-temp-low');
    const missing = RuleUpdateBodySchema.safeParse(withoutVersion);
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toContain('version');
    expect(RuleUpdateBodySchema.parse({ ...withoutVersion, version: 3 }).version).toBe(3);
  });

  it('reads list filters', () => {
    expect(RuleListQuerySchema.parse({})).toEqual({ archived: false });
    expect(
      RuleListQuerySchema.parse({ archived: 'true', domain: 'heating', type: 'no_data' }),
    ).toEqual({
      archived: true,
      domain: 'heating',
      type: 'no_data',
    });
    expect(RuleListQuerySchema.safeParse({ archived: 'yes' }).success).toBe(false);
    expect(RuleListQuerySchema.safeParse({ sort: 'id' }).success).toBe(false);
  });
});
