import { describe, expect, it } from 'vitest';
import { homePathFor } from './homePathFor';

describe('homePathFor', () => {
  it('sends display accounts to the wall', () => {
    expect(homePathFor('display')).toBe('/wall');
  });

  it('sends operators, supervisors and admins to the console', () => {
    expect(homePathFor('operator')).toBe('/console');
    expect(homePathFor('supervisor')).toBe('/console');
    expect(homePathFor('admin')).toBe('/console');
  });

  it('sends a person who must change their password to /password first, never a display screen', () => {
    expect(homePathFor('operator', true)).toBe('/password');
    expect(homePathFor('admin', true)).toBe('/password');
    expect(homePathFor('display', true)).toBe('/wall');
    expect(homePathFor('operator', false)).toBe('/console');
  });
});
