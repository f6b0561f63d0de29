import { describe, expect, it } from 'vitest';
import { indoorWeight } from './indoorWeight';
import { makeAsset } from './makeAsset';

const flat = (overrides: Parameters<typeof makeAsset>[0]) =>
  makeAsset({ id: 'IS-1', kind: 'indoor_sensor', latest: {}, ...overrides }).properties;

describe('indoorWeight', () => {
  it('weighs a warm flat almost nothing and a cold one fully', () => {
    expect(indoorWeight(flat({ latest: { indoorTempC: 22 } }))).toBe(0.02);
    expect(indoorWeight(flat({ latest: { indoorTempC: 14 } }))).toBe(0.9);
    expect(indoorWeight(flat({ latest: { indoorTempC: 10 } }))).toBe(0.9);
  });

  it('grows as the flat gets colder', () => {
    const w = [19, 17, 15].map((t) => indoorWeight(flat({ latest: { indoorTempC: t } })));
    expect(w[0]).toBeLessThan(w[1]!);
    expect(w[1]).toBeLessThan(w[2]!);
  });

  it('weighs an open incident by its severity, whatever the temperature', () => {
    expect(indoorWeight(flat({ severity: 'red', latest: { indoorTempC: 21 } }))).toBe(1);
    expect(indoorWeight(flat({ severity: 'blue' }))).toBeLessThan(
      indoorWeight(flat({ severity: 'orange' })),
    );
  });

  it('weighs a flat in alarm at least half, and one without readings as a healthy one', () => {
    expect(indoorWeight(flat({ status: 'alarm', latest: { indoorTempC: 21 } }))).toBe(0.5);
    expect(indoorWeight(flat({ status: 'offline' }))).toBe(0.02);
  });

  it('rounds to steps of 0.05 so small wobbles change nothing', () => {
    expect(indoorWeight(flat({ latest: { indoorTempC: 16.01 } }))).toBe(
      indoorWeight(flat({ latest: { indoorTempC: 16.03 } })),
    );
  });
});
