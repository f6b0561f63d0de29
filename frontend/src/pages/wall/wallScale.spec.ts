import { describe, expect, it } from 'vitest';
import { wallScale } from './wallScale';

describe('wallScale', () => {
  it('keeps the design size at 1920×1080 and doubles it at 3840×2160', () => {
    expect(wallScale(1920, 1080)).toBe(1);
    expect(wallScale(3840, 2160)).toBe(2);
  });

  it('fits both ways, in quarter steps', () => {
    expect(wallScale(2560, 1440)).toBe(1.25); // 1.33 → 1.25
    expect(wallScale(5120, 1440)).toBe(1.25); // an ultra-wide is limited by its height
    expect(wallScale(3840, 1080)).toBe(1);
    expect(wallScale(3000, 2000)).toBe(1.5); // 1.5625 wide, 1.85 high
  });

  it('never shrinks below the design and stops at 4', () => {
    expect(wallScale(1366, 768)).toBe(1);
    expect(wallScale(15360, 8640)).toBe(4);
    expect(wallScale(0, 0)).toBe(1);
    expect(wallScale(Number.NaN, 1080)).toBe(1);
  });
});
