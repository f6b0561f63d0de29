import { describe, expect, it } from 'vitest';
import { chimeEnabled } from './chimeEnabled';

describe('chimeEnabled', () => {
  it('is off by default', () => {
    expect(chimeEnabled('', null)).toBe(false);
    expect(chimeEnabled('?chime=yes', null)).toBe(false);
  });

  it('follows ?chime=1 and ?chime=0 in the address', () => {
    expect(chimeEnabled('?chime=1', null)).toBe(true);
    expect(chimeEnabled('?layers=heating&chime=1', '0')).toBe(true);
    expect(chimeEnabled('?chime=0', '1')).toBe(false);
  });

  it("keeps the kiosk's remembered choice when the address does not say", () => {
    expect(chimeEnabled('', '1')).toBe(true);
    expect(chimeEnabled('?chime=maybe', '1')).toBe(true);
    expect(chimeEnabled('', '0')).toBe(false);
  });
});
