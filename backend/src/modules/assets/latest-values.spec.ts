import { describe, expect, it } from 'vitest';
import { assetStatus } from './asset-feature.js';
import { mergeLatest } from './latest-values.repository.js';

describe('mergeLatest', () => {
  it('keeps the newest value of each metric whatever the arrival order', () => {
    const merged = mergeLatest({ ts: 100, metrics: { supplyTempC: 80, returnTempC: 50 } }, [
      { ts: 300, metrics: { supplyTempC: 82 } },
      { ts: 50, metrics: { supplyTempC: 10, returnTempC: 10 } },
      { ts: 200, metrics: { returnTempC: 51 } },
    ]);
    expect(merged).toEqual({ ts: 300, metrics: { supplyTempC: 82, returnTempC: 51 } });
  });
});

describe('assetStatus', () => {
  const now = 1_000_000;
  it.each([
    ['alarm when an incident is open', { ts: now, metrics: {} }, 'red', 'alarm'],
    ['unknown before the first reading', undefined, null, 'unknown'],
    ['offline when silent too long', { ts: now - 16 * 60_000, metrics: {} }, null, 'offline'],
    ['ok when reporting', { ts: now - 60_000, metrics: {} }, null, 'ok'],
  ] as const)('%s', (_, latest, severity, expected) => {
    expect(assetStatus(latest, severity, now, 15 * 60_000)).toBe(expected);
  });

  it('reports a sensor the quality gate holds suspect as suspect, even with an alarm open', () => {
    expect(assetStatus({ ts: now, metrics: {} }, 'red', now, 15 * 60_000, true)).toBe('suspect');
    expect(assetStatus(undefined, null, now, 15 * 60_000, true)).toBe('suspect');
  });
});
