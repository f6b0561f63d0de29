import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldPaths, mutateRecord, smallHostileValues } from './mutate.js';
import { sample } from './sample.js';

const valid = { ts: '2026-03-01T10:00:00+08:00', metrics: { depthCm: 12.5 } };

describe('mutateRecord', () => {
  it('gives the same variants for the same seed and others for another', () => {
    const a = mutateRecord(valid, { seed: 7, count: 50 });
    const b = mutateRecord(valid, { seed: 7, count: 50 });
    const c = mutateRecord(valid, { seed: 8, count: 50 });
    // Deep and wide whole-record values are left out of the comparison (stringify would recurse).
    const text = (xs: typeof a) =>
      xs.map((x) => `${x.label}:${x.mutation === 'wrong-type' ? '' : fc.stringify(x.value)}`);
    expect(text(a)).toEqual(text(b));
    expect(text(a)).not.toEqual(text(c));
  });

  it('covers each field × each small hostile value, removals, additions, wrong types and random ones', () => {
    const variants = mutateRecord(valid, { count: 40 });
    const paths = fieldPaths(valid).map((p) => p.join('.'));
    expect(paths).toEqual(['ts', 'metrics', 'metrics.depthCm']);
    const small = smallHostileValues().length;
    expect(small).toBeGreaterThan(60);
    expect(variants.filter((v) => v.mutation === 'replace')).toHaveLength(paths.length * small);
    expect(variants.filter((v) => v.mutation === 'remove')).toHaveLength(paths.length);
    expect(variants.filter((v) => v.mutation === 'random')).toHaveLength(40);
    expect(variants.filter((v) => v.mutation === 'wrong-type').length).toBeGreaterThan(5);
    const proto = variants.find((v) => v.label.startsWith('unknown field "__proto__"'))!;
    expect(Object.prototype.hasOwnProperty.call(proto.value, '__proto__')).toBe(true);
    expect(variants.length).toBeGreaterThan(250);
    // The valid record itself is never changed.
    expect(valid).toEqual({ ts: '2026-03-01T10:00:00+08:00', metrics: { depthCm: 12.5 } });
  });

  it('puts the hostile value exactly at the path', () => {
    const v = mutateRecord(valid, { count: 0 }).find((x) => x.label === 'metrics.depthCm = NaN')!;
    expect(Number.isNaN((v.value as typeof valid).metrics.depthCm)).toBe(true);
    expect((v.value as typeof valid).ts).toBe(valid.ts);
  });
});

describe('sample', () => {
  it('is deterministic with the default seed and honours the count', () => {
    const arb = fc.string();
    expect(sample(arb, 25)).toEqual(sample(arb, 25));
    expect(sample(arb, 25)).toHaveLength(25);
    expect(sample(arb, 25, 1)).not.toEqual(sample(arb, 25, 2));
    expect(sample(arb, 0)).toEqual([]);
  });
});
