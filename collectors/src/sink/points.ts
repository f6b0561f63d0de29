import {
  INFLUX_MEASUREMENTS,
  type AssetRegistryEntry,
  type InfluxTag,
  type Reading,
} from '@cityops/contracts';
import { lineWith, seriesPrefix, type InfluxPoint } from './line-protocol.js';

/** A validated reading becomes one point: measurement per domain, tags assetId/district/kind, every metric a field. */
export function pointFromReading(reading: Reading, asset: AssetRegistryEntry): InfluxPoint {
  const tags: Record<InfluxTag, string> = {
    assetId: reading.sensorId,
    district: asset.district,
    kind: asset.kind,
  };
  return {
    measurement: INFLUX_MEASUREMENTS[asset.domain],
    tags,
    fields: { ...reading.metrics },
    timestampMs: reading.ts,
  };
}

/**
 * Line protocol for validated readings, the hot path of every source: the "measurement,tags " prefix
 * of a sensor is built once and reused while the registry entry stays the same object (a registry
 * reload makes new entries, so a moved or re-kinded sensor gets a fresh prefix).
 */
export class ReadingLineEncoder {
  private readonly prefixes = new Map<string, { asset: AssetRegistryEntry; prefix: string }>();

  constructor(private readonly maxCachedSensors = 200_000) {}

  /** One line for the reading, or null when none of its metrics is a finite number. */
  line(reading: Reading, asset: AssetRegistryEntry): string | null {
    return lineWith(this.prefix(reading.sensorId, asset), reading.metrics, reading.ts);
  }

  private prefix(sensorId: string, asset: AssetRegistryEntry): string {
    const cached = this.prefixes.get(sensorId);
    if (cached !== undefined && cached.asset === asset) return cached.prefix;
    const tags: Record<InfluxTag, string> = {
      assetId: sensorId,
      district: asset.district,
      kind: asset.kind,
    };
    const prefix = seriesPrefix(INFLUX_MEASUREMENTS[asset.domain], tags);
    if (this.prefixes.size >= this.maxCachedSensors) this.prefixes.clear();
    this.prefixes.set(sensorId, { asset, prefix });
    return prefix;
  }
}
