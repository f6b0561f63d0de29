import {
  validateReadings,
  type ValidationContext,
  type ValidationResult,
} from '../readings/validate-readings.js';

export const HEATING = 'heating' as const;

/** Heating readings (stations, heat sources, indoor sensors) through the shared reading checks. */
export function validateHeatingReadings(
  raws: readonly unknown[],
  ctx: ValidationContext,
): ValidationResult {
  return validateReadings(HEATING, raws, ctx);
}
