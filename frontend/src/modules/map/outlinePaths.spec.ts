import { describe, expect, it } from 'vitest';
import { outlinePaths } from './outlinePaths';

describe('outlinePaths', () => {
  it('draws one closed path per district, inside the box', () => {
    const paths = outlinePaths(400, 500);
    expect(paths).toHaveLength(16);
    for (const path of paths) {
      expect(path.startsWith('M')).toBe(true);
      expect(path.endsWith('Z')).toBe(true);
      const numbers = path.match(/-?\d+(\.\d+)?/g)!.map(Number);
      for (let i = 0; i < numbers.length; i += 2) {
        expect(numbers[i]).toBeGreaterThanOrEqual(-0.1);
        expect(numbers[i]).toBeLessThanOrEqual(400.1);
        expect(numbers[i + 1]).toBeGreaterThanOrEqual(-0.1);
        expect(numbers[i + 1]).toBeLessThanOrEqual(500.1);
      }
    }
  });
});
