import { describe, expect, it } from 'vitest';
import { makeIncident } from '../incidents/makeIncident';
import { touchesCases } from './touchesCases';

describe('touchesCases', () => {
  it('is true for sanitation incidents', () => {
    expect(touchesCases(makeIncident({ domain: 'sanitation' }), undefined)).toBe(true);
  });

  it('is true when the linked cases changed in number, or a new incident has some', () => {
    const before = makeIncident({ domain: 'waterlogging', linkedCases: 1 });
    expect(touchesCases({ ...before, linkedCases: 2 }, before)).toBe(true);
    expect(touchesCases(makeIncident({ linkedCases: 1 }), undefined)).toBe(true);
  });

  it('is false for other incidents', () => {
    const before = makeIncident({ domain: 'heating' });
    expect(touchesCases({ ...before, severity: 'red' }, before)).toBe(false);
    expect(touchesCases(before, undefined)).toBe(false);
  });
});
