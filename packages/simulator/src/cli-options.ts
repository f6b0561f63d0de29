import { MAX_SCALE, MIN_SCALE } from './city/city-model.js';

/** A bad command line: the CLI prints the message and the usage, and exits 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function integerOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  return value;
}

export function numberOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UsageError(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
  return value;
}

/** --scale (or SIM_SCALE): 1 is the default Tianjin, 0.01 a tiny test city, 5 a load test. */
export function scaleOption(raw: string | undefined): number {
  return numberOption('--scale', raw, 1, MIN_SCALE, MAX_SCALE);
}
