import { describe, expect, it } from 'vitest';
import { chunksForInsert, valuesClause } from './values-clause.js';

describe('valuesClause', () => {
  it('numbers placeholders row by row', () => {
    expect(valuesClause(2, 3)).toBe('($1, $2, $3), ($4, $5, $6)');
    expect(valuesClause(1, 1)).toBe('($1)');
  });
});

describe('chunksForInsert', () => {
  it('keeps each statement under the parameter limit and loses no row', () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => i);
    const chunks = chunksForInsert(rows, 8, 30_000);
    expect(chunks.every((c) => c.length * 8 <= 30_000)).toBe(true);
    expect(chunks.flat()).toEqual(rows);
  });
});
