import { describe, expect, it } from 'vitest';
import { buildSeriesQuery, stepMs } from './telemetry.query.js';

describe('buildSeriesQuery', () => {
  it('builds one grouped query for a sensor', () => {
    const q = buildSeriesQuery({
      domain: 'heating',
      assetId: 'IS-0001',
      metric: 'indoorTempC',
      from: new Date('2026-11-26T00:00:00Z'),
      to: new Date('2026-11-26T06:00:00Z'),
      step: '5m',
    });
    expect(q).toBe(
      `SELECT mean("indoorTempC") AS value FROM "raw"."heating" WHERE "assetId" = 'IS-0001' AND time >= '2026-11-26T00:00:00.000Z' AND time < '2026-11-26T06:00:00.000Z' GROUP BY time(5m) fill(none)`,
    );
  });

  it('escapes a hostile asset id so it stays one string literal', () => {
    const q = buildSeriesQuery({
      domain: 'heating',
      assetId: "x' OR 1=1; DROP DATABASE cityops; --",
      metric: 'indoorTempC',
      from: new Date(0),
      to: new Date(1),
      step: '1m',
    });
    expect(q).toContain(`"assetId" = 'x\\' OR 1=1; DROP DATABASE cityops; --'`);
  });
});

describe('stepMs', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['5', Number.NaN],
    ['1w', Number.NaN],
    ['1m; DROP', Number.NaN],
  ])('%s → %s', (step, ms) => {
    expect(stepMs(step)).toBe(ms);
  });
});
