import {
  INFLUX_MEASUREMENTS,
  type AssetRegistryEntry,
  type InfluxTag,
  type Reading,
} from '@cityops/contracts';
import type { InfluxPoint } from './line-protocol.js';

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
