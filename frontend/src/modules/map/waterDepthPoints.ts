import type { AssetCollection, Severity } from '@cityops/contracts';

export interface WaterDepthPoint {
  id: string;
  lngLat: [number, number];
  /** Whole centimetres; 0 when dry or unknown. */
  depthCm: number;
  severity: Severity | null;
}

/**
 * The waterlogging points worth a depth label: water on the road (depth > 0) or an open incident.
 * Drawn as small HTML markers (there is no glyph server for symbol layers).
 */
export function waterDepthPoints(collection: AssetCollection | undefined): WaterDepthPoint[] {
  return (collection?.features ?? []).flatMap((feature) => {
    const { id, kind, latest, severity } = feature.properties;
    if (kind !== 'underpass' && kind !== 'low_road') return [];
    const depthCm = Math.max(0, Math.round(latest.depthCm ?? 0));
    if (depthCm === 0 && severity === null) return [];
    const [lng, lat] = feature.geometry.coordinates;
    return [{ id, lngLat: [lng, lat] as [number, number], depthCm, severity }];
  });
}
