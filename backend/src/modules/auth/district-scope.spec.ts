import { NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { NO_DISTRICT, assertInScope, inScope, scopedDistricts } from './district-scope.js';

const city = { districts: null };
const heping = { districts: ['120101'] };
const two = { districts: ['120101', '120103'] };

describe('scopedDistricts', () => {
  it.each([
    ['the whole city asking nothing', city, undefined, undefined],
    ['the whole city asking one', city, ['120104'], ['120104']],
    ['a limited caller asking nothing gets theirs', two, undefined, ['120101', '120103']],
    ['a limited caller asking an empty list gets theirs', two, [], ['120101', '120103']],
    ['a limited caller asking one of theirs', two, ['120103'], ['120103']],
    ['a limited caller asking a mix keeps theirs', heping, ['120101', '120104'], ['120101']],
    ['a limited caller asking only others gets nothing', heping, ['120104'], [NO_DISTRICT]],
  ])('%s', (_, caller, requested, expected) => {
    expect(scopedDistricts(caller, requested)).toEqual(expected);
  });
});

describe('inScope / assertInScope', () => {
  it('lets the whole city see everything, even what has no district', () => {
    expect(inScope(city, '120104')).toBe(true);
    expect(inScope(city, null)).toBe(true);
  });

  it('limits a caller to their districts; nothing without a district', () => {
    expect(inScope(two, '120103')).toBe(true);
    expect(inScope(two, '120104')).toBe(false);
    expect(inScope(two, null)).toBe(false);
    expect(inScope(two, undefined)).toBe(false);
  });

  it('answers out-of-scope with a 404, like a missing item', () => {
    expect(() => assertInScope(heping, '120104', 'No incident x')).toThrow(NotFoundException);
    expect(() => assertInScope(heping, '120101', 'No incident x')).not.toThrow();
  });
});
