import {
  validateReadings,
  type ValidationContext,
  type ValidationResult,
} from '../readings/validate-readings.js';

export const WATERLOGGING = 'waterlogging' as const;

/**
 * Waterlogging readings (underpasses and low roads: depthCm, rainfallMmH, batteryPct; rain gauges:
 * rainfallMmH, batteryPct) through the shared reading checks. Written to measurement `waterlogging`.
 */
export function validateWaterloggingReadings(
  raws: readonly unknown[],
  ctx: ValidationContext,
): ValidationResult {
  return validateReadings(WATERLOGGING, raws, ctx);
}
