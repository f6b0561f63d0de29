// Small pure functions behind the waterlogging model: the storm's shape and how water collects and drains.

/** Pumps and drains take water off a flooded point at about this rate once the rain eases. */
export const DRAIN_CM_PER_H = 8;

/**
 * A storm's intensity over its life as a share of its peak (0 before and after): rises to the peak at
 * `peakAt` of the duration and tails off after it, like a design storm (Chicago hyetograph, simplified).
 */
export function stormShape(progress: number, peakAt = 0.4): number {
  if (!(progress > 0 && progress < 1)) return 0;
  // Warp time so the sine's crest lands on peakAt.
  const warped = progress ** (Math.log(0.5) / Math.log(peakAt));
  return Math.sin(Math.PI * warped);
}

/**
 * Water depth after `hours` of rain at `rainMmH`: the runoff of a catchment `runoffRatio` times the
 * point's own area flows in (a tunnel's ramps collect the most), pumps and drains take `DRAIN_CM_PER_H`
 * off; never below a dry road.
 */
export function nextDepthCm(
  depthCm: number,
  rainMmH: number,
  runoffRatio: number,
  hours: number,
): number {
  const inflowCmH = (runoffRatio * Math.max(0, rainMmH)) / 10;
  return Math.max(0, depthCm + (inflowCmH - DRAIN_CM_PER_H) * hours);
}
