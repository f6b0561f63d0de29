import type { AssetCollection } from '@cityops/contracts';

interface IndoorTemperature {
  /** Mean of the online indoor sensors' latest `indoorTempC`, to one decimal; null when none reports. */
  meanC: number | null;
  /** How many sensors the mean is over. */
  sensors: number;
}

/**
 * Average indoor temperature now: the latest `indoorTempC` of every indoor sensor that is online
 * (status `ok` or `alarm`; offline, unknown and suspect sensors are left out).
 */
export function indoorTemperature(collection: AssetCollection | undefined): IndoorTemperature {
  let sum = 0;
  let sensors = 0;
  for (const { properties } of collection?.features ?? []) {
    if (properties.kind !== 'indoor_sensor') continue;
    if (properties.status !== 'ok' && properties.status !== 'alarm') continue;
    const value = properties.latest.indoorTempC;
    if (value === undefined || !Number.isFinite(value)) continue;
    sum += value;
    sensors += 1;
  }
  return { meanC: sensors === 0 ? null : Math.round((sum / sensors) * 10) / 10, sensors };
}
