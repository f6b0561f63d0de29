import { describe, expect, it } from 'vitest';
import { MAX_METRIC_REJECTIONS_PER_READING, validateReadings } from './validate-readings.js';

describe('validateReadings against a reading with thousands of bad metrics', () => {
  it('quarantines the first ones one by one and sums up the rest, quickly', () => {
    const metrics = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`m${i}`, i]));
    const started = Date.now();
    const { accepted, rejections } = validateReadings(
      'waterlogging',
      [{ sensorId: 'WL-0001', ts: Date.now() - 1000, metrics }],
      {
        source: 'test',
        now: Date.now(),
        assets: new Map([
          ['WL-0001', { domain: 'waterlogging', kind: 'underpass', district: '120101' }],
        ]),
      },
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(accepted).toEqual([]);
    expect(rejections).toHaveLength(MAX_METRIC_REJECTIONS_PER_READING + 1);
    expect(rejections.at(-1)!.detail).toMatch(/^4980 more rejected metrics/);
    expect(rejections.every((r) => r.reason === 'unknown_metric')).toBe(true);
  });
});
