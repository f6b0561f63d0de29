import { describe, expect, it } from 'vitest';
import {
  DEFAULT_READING_CHECK,
  RawSensorReadingSchema,
  checkMetric,
  checkReading,
  parseReadingTopic,
  readingShape,
  readingTopic,
} from './readings.js';
import { TimestampSchema } from './time.js';

const now = Date.parse('2026-11-26T00:00:00Z');
const options = { ...DEFAULT_READING_CHECK, now };
const at = '2026-11-26T07:59:00+08:00';

describe('TimestampSchema', () => {
  it.each([
    ['2026-11-26T08:00:00+08:00', Date.parse('2026-11-26T00:00:00Z')],
    ['2026-11-26T00:00:00Z', Date.parse('2026-11-26T00:00:00Z')],
    ['2026-11-26T00:00:00.123Z', Date.parse('2026-11-26T00:00:00.123Z')],
    [1_795_651_200_000, 1_795_651_200_000],
  ])('accepts %j', (input, expected) => {
    expect(TimestampSchema.parse(input)).toBe(expected);
  });

  it.each([
    ['2026-11-26T08:00:00', 'a local time without zone is ambiguous'],
    ['2026-11-26', 'a date without time'],
    ['yesterday', 'words'],
    [1_795_651_200, 'epoch seconds mistaken for milliseconds'],
    [1.5e12 + 0.5, 'fractional milliseconds'],
    [Number.NaN, 'NaN'],
    ['2026-13-45T99:00:00Z', 'an impossible date'],
    [null, 'null'],
  ])('refuses %j (%s)', (input, _why) => {
    expect(TimestampSchema.safeParse(input).success).toBe(false);
  });
});

describe('checkReading', () => {
  it('accepts a good reading and converts the time to epoch ms', () => {
    const result = checkReading(
      { sensorId: 'IS-0001', ts: at, metrics: { indoorTempC: 17.2 } },
      undefined,
      options,
    );
    expect(result).toEqual({
      ok: true,
      reading: { sensorId: 'IS-0001', ts: now - 60_000, metrics: { indoorTempC: 17.2 } },
      rejectedMetrics: [],
    });
  });

  it('takes the sensor id from the MQTT topic when given', () => {
    const result = checkReading({ ts: at, metrics: { depthCm: 12.5 } }, 'WL-0042', options);
    expect(result.ok && result.reading.sensorId).toBe('WL-0042');
  });

  it('keeps the good metrics of a row and rejects the bad ones one by one', () => {
    const result = checkReading(
      {
        sensorId: 'ST-0001',
        ts: at,
        metrics: { supplyTempC: -39.9, returnTempC: 48.1, flowM3h: 'n/a', pressure: 3 },
      },
      undefined,
      options,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.reading.metrics).toEqual({ returnTempC: 48.1 });
    expect(result.rejectedMetrics.map((r) => [r.metric, r.reason])).toEqual([
      ['supplyTempC', 'sentinel_value'],
      ['flowM3h', 'not_a_number'],
      ['pressure', 'unknown_metric'],
    ]);
  });

  it.each([
    [
      { sensorId: 'IS-1', ts: '2026-11-26T08:20:00+08:00', metrics: { indoorTempC: 20 } },
      'future_timestamp',
    ],
    [{ sensorId: 'IS-1', ts: '2026-01-01T00:00:00Z', metrics: { indoorTempC: 20 } }, 'too_old'],
    [{ sensorId: 'IS-1', ts: at, metrics: {} }, 'schema_invalid'],
    [{ sensorId: 'IS 1; DROP', ts: at, metrics: { indoorTempC: 20 } }, 'schema_invalid'],
    [{ sensorId: 'IS-1', metrics: { indoorTempC: 20 } }, 'schema_invalid'],
    [{ sensorId: 'IS-1', ts: at, metrics: { indoorTempC: 900 } }, 'out_of_range'],
    ['not an object', 'schema_invalid'],
    [null, 'schema_invalid'],
    [[1, 2, 3], 'schema_invalid'],
  ])('rejects %j as %s', (raw, reason) => {
    const result = checkReading(raw, undefined, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejections[0]!.reason).toBe(reason);
  });

  it('allows a clock a little ahead (skew) but not more', () => {
    const ahead = (ms: number) => ({
      sensorId: 'IS-1',
      ts: now + ms,
      metrics: { indoorTempC: 20 },
    });
    expect(checkReading(ahead(4 * 60_000), undefined, options).ok).toBe(true);
    expect(checkReading(ahead(6 * 60_000), undefined, options).ok).toBe(false);
  });
});

describe('checkMetric', () => {
  it.each([
    ['depthCm', -1, 'out_of_range'],
    ['depthCm', 501, 'out_of_range'],
    ['supplyTempC', 201, 'out_of_range'],
    ['supplyTempC', -51, 'out_of_range'],
    ['pumpOn', 0.5, 'out_of_range'],
    ['indoorTempC', Number.POSITIVE_INFINITY, 'not_a_number'],
    ['indoorTempC', true, 'not_a_number'],
    ['indoorTempC', null, 'not_a_number'],
    ['batteryPct', -999, 'sentinel_value'],
    ['__proto__', 1, 'unknown_metric'],
    ['constructor', 1, 'unknown_metric'],
  ])('%s = %j → %s', (name, value, reason) => {
    expect(checkMetric(name, value)?.reason).toBe(reason);
  });

  it.each([
    ['depthCm', 0],
    ['depthCm', 500],
    ['pumpOn', 1],
    ['indoorTempC', -5],
  ])('%s = %j is fine', (name, value) => {
    expect(checkMetric(name, value)).toBeNull();
  });
});

describe('MQTT topics', () => {
  it('round-trips a reading topic', () => {
    expect(parseReadingTopic(readingTopic('waterlogging', 'WL-0042'))).toEqual({
      domain: 'waterlogging',
      sensorId: 'WL-0042',
    });
  });

  it.each([
    'cityops/parking/P-1/reading',
    'cityops/heating/IS-1/status',
    'cityops/heating/reading',
    'other/heating/IS-1/reading',
    'cityops/heating/../reading',
    'cityops/heating/IS-1/reading/extra',
  ])('refuses %s', (topic) => {
    expect(parseReadingTopic(topic)).toBeNull();
  });
});

describe('readingShape (the fast path) agrees with the schema', () => {
  const timestamps: unknown[] = [
    at,
    '2026-11-26T00:00:00Z',
    '2026-11-26T08:00:00.5+0800',
    1_795_651_200_000,
    1_795_651_200,
    '2026-11-26',
    'x'.repeat(41),
    null,
    1.5,
    '2026-11-26T08:00:00+08:00 ',
  ];
  const ids: unknown[] = [
    'IS-0001',
    'a',
    'A'.repeat(64),
    'A'.repeat(65),
    '',
    ' IS',
    'IS 1',
    '-IS',
    42,
    null,
    undefined,
    'ST_1.2',
  ];
  const metricsList: unknown[] = [
    { indoorTempC: 1 },
    {},
    { x: 'y' },
    [],
    null,
    'm',
    { ['k'.repeat(65)]: 1 },
    Object.create(null),
    new Map(),
  ];
  const cases: unknown[] = [];
  for (const ts of timestamps)
    for (const sensorId of ids)
      for (const metrics of metricsList) cases.push({ sensorId, ts, metrics, extra: 1 });
  cases.push(null, [], 'reading', 42, { sensorId: 'IS-1', ts: at });

  it(`accepts only what the schema accepts, with the same parts (${cases.length} inputs)`, () => {
    let accepted = 0;
    for (const raw of cases) {
      const fast = readingShape(raw, undefined);
      const schema = RawSensorReadingSchema.safeParse(raw);
      if (fast) {
        accepted += 1;
        expect(schema.success, JSON.stringify(raw)).toBe(true);
        expect(fast).toEqual({
          sensorId: schema.data!.sensorId,
          ts: schema.data!.ts,
          metrics: schema.data!.metrics,
        });
      }
    }
    expect(accepted).toBeGreaterThan(20);
  });
});
