import { describe, expect, it } from 'vitest';
import type { MapFeature } from './MapFeature';
import { planSourceUpdate } from './planSourceUpdate';

const point = (id: string, colorKey = 'ok') =>
  ({
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [117, 39] },
    properties: { id, colorKey },
  }) as MapFeature;

const many = (n: number) => Array.from({ length: n }, (_, i) => point(`f${i}`));

describe('planSourceUpdate', () => {
  it('sets the whole data on the first load', () => {
    const plan = planSourceUpdate([], [point('a')], { diffs: true });
    expect(plan).toMatchObject({ kind: 'setData', reason: 'first' });
    expect(plan.kind === 'setData' && plan.data.features).toHaveLength(1);
  });

  it('does nothing for the same array, for an empty source staying empty, or when nothing visible changed', () => {
    const features = many(3);
    expect(planSourceUpdate(features, features, { diffs: true }).kind).toBe('none');
    expect(planSourceUpdate([], [], { diffs: true }).kind).toBe('none');
    expect(planSourceUpdate(features, many(3), { diffs: true }).kind).toBe('none');
  });

  it('sends a diff when a few features changed', () => {
    const before = many(10);
    const after = before.map((f, i) => (i === 3 ? point('f3', 'red') : f));
    const plan = planSourceUpdate(before, after, { diffs: true });
    expect(plan).toMatchObject({ kind: 'updateData', changed: 1 });
    expect(plan.kind === 'updateData' && plan.diff.update).toEqual([
      { id: 'f3', addOrUpdateProperties: [{ key: 'colorKey', value: 'red' }] },
    ]);
  });

  it('sets the whole data when more than half changed', () => {
    const before = many(10);
    const after = before.map((f, i) => (i < 6 ? point(f.id, 'red') : f));
    expect(planSourceUpdate(before, after, { diffs: true })).toMatchObject({
      kind: 'setData',
      reason: 'bulk',
    });
    const fewer = before.map((f, i) => (i < 5 ? point(f.id, 'red') : f));
    expect(planSourceUpdate(before, fewer, { diffs: true }).kind).toBe('updateData');
  });

  it('sets the whole data when everything was removed', () => {
    expect(planSourceUpdate(many(4), [], { diffs: true })).toMatchObject({ kind: 'setData' });
  });

  it('sets the whole data when the engine takes no diffs (Mapbox GL), but only on a change', () => {
    const before = many(10);
    const after = before.map((f, i) => (i === 0 ? point('f0', 'red') : f));
    expect(planSourceUpdate(before, after, { diffs: false })).toMatchObject({
      kind: 'setData',
      reason: 'no-diffs',
    });
    expect(planSourceUpdate(before, many(10), { diffs: false }).kind).toBe('none');
  });

  it('sets the whole data when ids repeat (MapLibre refuses diffs then)', () => {
    expect(
      planSourceUpdate(many(3), [point('x'), point('x'), ...many(3)], { diffs: true }),
    ).toMatchObject({ kind: 'setData', reason: 'ids' });
  });
});
