import { describe, expect, it } from 'vitest';
import { hostileDates } from './dates.js';
import { injectionStrings } from './injection.js';
import { deepArray, deepJsonText, hostileJsonValues } from './json.js';
import { hostileNumbers } from './numbers.js';
import { hostileQueryValues } from './query.js';
import { hostileStrings } from './strings.js';
import { coordinatesOutsideChina, hostileCoordinates } from './coordinates.js';

describe('value corpus', () => {
  it('holds the promised huge strings and unicode edge cases', () => {
    const strings = hostileStrings();
    expect(strings.length).toBeGreaterThanOrEqual(30);
    const bytes = strings.map((s) => Buffer.byteLength(s.value as string));
    expect(bytes.some((b) => b >= 100 * 1024 && b < 200 * 1024)).toBe(true);
    expect(Math.max(...bytes)).toBeGreaterThanOrEqual(1024 * 1024);
    expect(strings.some((s) => /[\ud800-\udbff](?![\udc00-\udfff])/.test(s.value as string))).toBe(
      true,
    );
    expect(strings.some((s) => (s.value as string).includes('\u0000'))).toBe(true);
    expect(strings.some((s) => (s.value as string).includes('\r\n'))).toBe(true);
    expect(new Set(strings.map((s) => s.label)).size).toBe(strings.length);
  });

  it('holds non-finite, unsafe and disguised numbers', () => {
    const values = hostileNumbers().map((n) => n.value);
    expect(values.some((v) => Number.isNaN(v))).toBe(true);
    expect(values).toContain(Number.POSITIVE_INFINITY);
    expect(values).toContain('Infinity');
    expect(values.some((v) => Object.is(v, -0))).toBe(true);
    expect(values).toContain(Number.MAX_SAFE_INTEGER + 2);
    expect(values).toEqual(expect.arrayContaining(['12abc', '0x1F', ' 5 ', true, null]));
  });

  it('holds impossible and far-away dates', () => {
    const values = hostileDates().map((d) => d.value);
    expect(values).toContain('2026-02-30T10:00:00+08:00');
    expect(values.filter((v) => typeof v === 'number').length).toBeGreaterThanOrEqual(4);
    expect(hostileDates().length).toBeGreaterThanOrEqual(20);
  });

  it('builds JSON of exactly the asked depth without recursion', () => {
    const text = deepJsonText(100_000);
    expect(text.length).toBe(200_001);
    expect(text.startsWith('[[[')).toBe(true);
    let depth = 0;
    let node: unknown = deepArray(5000);
    while (Array.isArray(node)) {
      node = node[0];
      depth++;
    }
    expect(depth).toBe(5000);
    expect(() => deepJsonText(-1)).toThrow(RangeError);
  });

  it('has prototype keys as own properties and a 10k-key object', () => {
    const values = hostileJsonValues();
    const proto = values.find((v) => v.label === '__proto__ key')!.value as object;
    expect(Object.prototype.hasOwnProperty.call(proto, '__proto__')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    const wide = values.find((v) => v.label.startsWith('wide'))!.value as object;
    expect(Object.keys(wide)).toHaveLength(10_000);
  });

  it('renders query values as distinct strings, injection payloads included', () => {
    const q = hostileQueryValues();
    expect(q.length).toBeGreaterThan(100);
    expect(new Set(q).size).toBe(q.length);
    expect(q.every((v) => typeof v === 'string')).toBe(true);
    expect(q).toEqual(
      expect.arrayContaining(["'; DROP TABLE incidents; --", '/.*/', '%', '_', 'NaN']),
    );
    expect(injectionStrings().length).toBeGreaterThanOrEqual(40);
  });

  it('has (0,0), swapped Tianjin and out-of-range coordinates', () => {
    expect(coordinatesOutsideChina).toContainEqual([0, 0]);
    const coords = hostileCoordinates();
    expect(coords.map((c) => c.value)).toContainEqual({ lng: 39.1, lat: 117.2 });
    expect(coords.length).toBeGreaterThanOrEqual(25);
  });
});
