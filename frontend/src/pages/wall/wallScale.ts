/** The size the wall is designed for, in CSS pixels. */
export const WALL_DESIGN = { width: 1920, height: 1080 } as const;
const MAX_SCALE = 4;

/**
 * How much larger the wall draws its panels, fonts and markers on a viewport: as many times the
 * 1920×1080 design as fits both ways, in quarter steps (no blurry fractions, no jitter on resize),
 * never below 1 (a smaller screen keeps the design's sizes, as before). 3840×2160 → 2.
 */
export function wallScale(width: number, height: number): number {
  if (!(width > 0) || !(height > 0)) return 1;
  const fit = Math.min(width / WALL_DESIGN.width, height / WALL_DESIGN.height);
  return Math.min(MAX_SCALE, Math.max(1, Math.floor(fit * 4) / 4));
}
