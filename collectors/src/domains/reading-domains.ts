import type { Domain } from '@cityops/contracts';
import { HEATING, validateHeatingReadings } from './heating/heating-readings.js';
import type { ValidationContext, ValidationResult } from './readings/validate-readings.js';
import {
  WATERLOGGING,
  validateWaterloggingReadings,
} from './waterlogging/waterlogging-readings.js';

/** A domain whose sensors send readings (over MQTT, HTTP pull or replay). */
export interface ReadingDomain {
  domain: Domain;
  validate(raws: readonly unknown[], ctx: ValidationContext): ValidationResult;
}

/**
 * The domains that take readings. Sanitation takes cases, not readings, so it is not here; a new
 * sensor domain (parking, air quality) adds its folder and one line.
 */
export const READING_DOMAINS: ReadonlyMap<Domain, ReadingDomain> = new Map<Domain, ReadingDomain>([
  [HEATING, { domain: HEATING, validate: validateHeatingReadings }],
  [WATERLOGGING, { domain: WATERLOGGING, validate: validateWaterloggingReadings }],
]);

export function readingDomain(domain: string): ReadingDomain | null {
  return READING_DOMAINS.get(domain as Domain) ?? null;
}
