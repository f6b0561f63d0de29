import { describe, expect, it } from 'vitest';
import { keepUnchangedArrays } from './keepUnchangedArrays';

const a = { id: 'a' };
const b = { id: 'b' };
const c = { id: 'c' };

describe('keepUnchangedArrays', () => {
  it('takes the new record when there is no previous one', () => {
    const next = { x: [a], y: [b] };
    expect(keepUnchangedArrays(null, next)).toBe(next);
  });

  it('keeps the previous array of a group whose objects are all the same, and a new one where any changed', () => {
    const previous = { x: [a, b], y: [c] };
    const kept = keepUnchangedArrays(previous, { x: [a, b], y: [{ id: 'c' }] });
    expect(kept.x).toBe(previous.x);
    expect(kept.y).not.toBe(previous.y);
    expect(kept).not.toBe(previous);
  });

  it('gives the previous record itself when nothing changed', () => {
    const previous = { x: [a, b], y: [] as { id: string }[] };
    expect(keepUnchangedArrays(previous, { x: [a, b], y: [] })).toBe(previous);
  });

  it('sees an added, removed or reordered object as a change', () => {
    const previous = { x: [a, b] };
    expect(keepUnchangedArrays(previous, { x: [a, b, c] }).x).toHaveLength(3);
    expect(keepUnchangedArrays(previous, { x: [a] }).x).toEqual([a]);
    expect(keepUnchangedArrays(previous, { x: [b, a] }).x).toEqual([b, a]);
  });
});
