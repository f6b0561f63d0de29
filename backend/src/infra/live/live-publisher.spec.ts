import { describe, expect, it } from 'vitest';
import { eventDistrict } from './live-publisher.js';

describe('eventDistrict', () => {
  it('reads an incident’s district', () => {
    expect(eventDistrict({ id: 'x', district: '120101' })).toBe('120101');
  });

  it('reads an asset feature’s district from its properties', () => {
    expect(eventDistrict({ type: 'Feature', properties: { district: '120103' } })).toBe('120103');
  });

  it.each([
    ['a watch (city or district scope, no district field)', { scope: 'city' }],
    ['an incident without a district', { district: null }],
    ['a number', 42],
    ['null', null],
  ])('gives null for %s: the event goes to every connection', (_, payload) => {
    expect(eventDistrict(payload)).toBeNull();
  });
});
