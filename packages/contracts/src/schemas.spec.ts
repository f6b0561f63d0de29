import { describe, expect, it } from 'vitest';
import { AssetImportRowSchema } from './assets.js';
import { DISTRICTS, TIANJIN_DISTRICTS_GEOJSON, findDistrict } from './districts.js';
import { IncidentListQuerySchema } from './incidents.js';
import { JOBS, JobName } from './queues.js';
import { DEFAULT_RULES, RuleSchema } from './rules.js';
import { maxSeverity, raiseSeverity } from './severity.js';

describe('districts', () => {
  it('has 16 boundaries matching the 16 district codes', () => {
    expect(TIANJIN_DISTRICTS_GEOJSON.features.map((f) => f.properties.code).sort()).toEqual(
      DISTRICTS.map((d) => d.code).sort(),
    );
  });

  it.each(DISTRICTS.map((d) => [d.name, d.code, d.label] as const))(
    'places the label point of %s in %s',
    (_, code, [lng, lat]) => {
      expect(findDistrict(lng, lat)).toBe(code);
    },
  );

  it.each([
    [0, 0, 'null island'],
    [-74.0, 40.7, 'New York'],
    [116.4, 39.9, 'Beijing'],
    [118.5, 38.5, 'the Bohai sea'],
    [Number.NaN, 39.1, 'NaN'],
  ])('finds no district at (%s, %s): %s', (lng, lat, _place) => {
    expect(findDistrict(lng, lat)).toBeNull();
  });

  it('places a point in a sliver between two boundaries in the nearest district', () => {
    // Mid-city by the Hai River: inside no polygon (boundaries are ~100 m precision), a few metres from two.
    expect(findDistrict(117.207, 39.145)).toMatch(/^1201(0[1-6])$/);
  });

  it('still refuses a point 2 km beyond the westernmost boundary', () => {
    const vertices = TIANJIN_DISTRICTS_GEOJSON.features.flatMap((f) =>
      (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2),
    ) as unknown as [number, number][];
    const [west] = vertices.reduce((a, b) => (b[0] < a[0] ? b : a));
    const lat = vertices.find((v) => v[0] === west)![1];
    expect(findDistrict(west, lat)).not.toBeNull();
    expect(findDistrict(west - 0.023, lat)).toBeNull();
  });
});

describe('AssetImportRowSchema', () => {
  const row = {
    id: 'ST-0001',
    domain: 'heating',
    kind: 'heat_station',
    name: '南京路换热站',
    lng: '117.196',
    lat: '39.118',
  };

  it('derives the district from the location when missing', () => {
    expect(AssetImportRowSchema.parse(row)).toMatchObject({
      district: '120101',
      lng: 117.196,
      parentId: null,
    });
  });

  it.each([
    [{ ...row, kind: 'underpass' }, 'kind'],
    [{ ...row, lng: '0', lat: '0' }, 'lng'],
    [{ ...row, lat: '91' }, 'lat'],
    [{ ...row, name: '   ' }, 'name'],
    [{ ...row, district: '999999' }, 'district'],
    [{ ...row, parentId: 'ST-0001' }, 'parentId'],
    [{ ...row, id: '' }, 'id'],
  ])('refuses %j at %s', (input, path) => {
    const result = AssetImportRowSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toContain(path);
  });
});

describe('rules', () => {
  it('accepts the default Tianjin pack', () => {
    for (const rule of DEFAULT_RULES) expect(RuleSchema.parse(rule)).toEqual(rule);
  });

  const indoor = DEFAULT_RULES[0]!;
  it.each([
    [
      {
        ...indoor,
        levels: [
          { severity: 'blue', value: 18 },
          { severity: 'red', value: 20 },
        ],
      },
      'a higher severity needing a warmer room',
    ],
    [
      {
        ...indoor,
        levels: [
          { severity: 'blue', value: 18 },
          { severity: 'blue', value: 16 },
        ],
      },
      'a severity twice',
    ],
    [{ ...indoor, clear: 17 }, 'a clear value inside the alarm band'],
    [{ ...indoor, metric: 'altitudeM' }, 'an unknown metric'],
    [{ ...indoor, levels: [] }, 'no levels'],
    [{ ...indoor, id: 'Bad Id!' }, 'a bad id'],
  ])('refuses a rule with %s', (rule, _why) => {
    expect(RuleSchema.safeParse(rule).success).toBe(false);
  });
});

describe('IncidentListQuerySchema', () => {
  it('splits comma lists and applies the default limit', () => {
    expect(
      IncidentListQuerySchema.parse({ status: 'open, acknowledged', district: '120101' }),
    ).toEqual({
      status: ['open', 'acknowledged'],
      district: ['120101'],
      limit: 100,
    });
  });

  it.each([
    { status: 'opened' },
    { limit: '0' },
    { limit: '501' },
    { limit: 'NaN' },
    { from: 'yesterday' },
    { district: "120101' OR 1=1" },
    { unknown: 'x' },
  ])('refuses %j', (query) => {
    expect(IncidentListQuerySchema.safeParse(query).success).toBe(false);
  });
});

describe('job payloads', () => {
  it('validates an evaluate-readings job', () => {
    const schema = JOBS[JobName.EvaluateReadings].schema;
    expect(
      schema.safeParse({
        source: 's',
        readings: [{ sensorId: 'IS-1', ts: 1, metrics: { indoorTempC: 17 } }],
      }).success,
    ).toBe(true);
    expect(schema.safeParse({ source: 's', readings: [] }).success).toBe(false);
    expect(
      schema.safeParse({ source: 's', readings: [{ sensorId: 'IS-1', ts: 'now', metrics: {} }] })
        .success,
    ).toBe(false);
  });

  it('sends each job to its queue', () => {
    expect(
      Object.fromEntries(Object.entries(JOBS).map(([name, job]) => [name, job.queue])),
    ).toEqual({
      'evaluate-readings': 'telemetry',
      'apply-alert-transition': 'incidents',
      'record-rejections': 'quarantine',
      'upsert-cases': 'cases',
      'evaluate-rule-tick': 'ticks',
      'deliver-notification': 'notifications',
      'escalation-step': 'notifications',
      'send-digest': 'notifications',
      'run-backtest': 'backtests',
    });
  });
});

describe('severity', () => {
  it('orders and raises colours, capped at red', () => {
    expect(maxSeverity('yellow', 'orange')).toBe('orange');
    expect(raiseSeverity('blue')).toBe('yellow');
    expect(raiseSeverity('red')).toBe('red');
  });
});
