import { HttpError } from './respond.js';

// Control bodies are small and few; they are checked by hand to keep the simulator free of extra dependencies.

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new HttpError(400, `${key} must be a non-empty string`);
  return value;
}

export function requiredString(body: Record<string, unknown>, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined) throw new HttpError(400, `${key} is required`);
  return value;
}

export function numberOrNull(
  body: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number | null {
  const value = body[key];
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new HttpError(400, `${key} must be a number between ${min} and ${max}, or null to clear`);
  }
  return value;
}

export function parseIndoorTempBody(body: Record<string, unknown>): {
  sensorId?: string;
  stationId?: string;
  tempC: number | null;
} {
  const sensorId = optionalString(body, 'sensorId');
  const stationId = optionalString(body, 'stationId');
  if ((sensorId === undefined) === (stationId === undefined))
    throw new HttpError(400, 'give exactly one of sensorId and stationId');
  if (!('tempC' in body))
    throw new HttpError(400, 'tempC is required (a number, or null to clear)');
  const tempC = numberOrNull(body, 'tempC', -40, 60);
  return sensorId !== undefined ? { sensorId, tempC } : { stationId: stationId!, tempC };
}

export function parseStationOutageBody(body: Record<string, unknown>): {
  stationId: string;
  on: boolean;
} {
  const stationId = requiredString(body, 'stationId');
  if (typeof body.on !== 'boolean') throw new HttpError(400, 'on must be true or false');
  return { stationId, on: body.on };
}

export function parseTickBody(body: Record<string, unknown>): { sensorIds?: string[] } {
  const ids = body.sensorIds ?? (body.sensorId !== undefined ? [body.sensorId] : undefined);
  if (ids === undefined) return {};
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > 10_000 ||
    !ids.every((id) => typeof id === 'string' && id !== '')
  ) {
    throw new HttpError(400, 'sensorIds must be a non-empty array of sensor ids');
  }
  return { sensorIds: ids as string[] };
}

export function parseRainBody(body: Record<string, unknown>): { rainfallMmH: number } {
  const value = numberOrNull(body, 'rainfallMmH', 0, 300);
  return { rainfallMmH: value ?? 0 };
}

export function parseWaterDepthBody(body: Record<string, unknown>): {
  sensorId: string;
  depthCm: number | null;
} {
  const sensorId = requiredString(body, 'sensorId');
  if (!('depthCm' in body))
    throw new HttpError(400, 'depthCm is required (a number, or null to clear)');
  return { sensorId, depthCm: numberOrNull(body, 'depthCm', 0, 500) };
}
