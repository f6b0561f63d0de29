import type { AssetFeature, AssetStatus, Severity } from '@cityops/contracts';
import type { AssetRecord } from './assets.repository.js';
import type { LatestValues } from './latest-values.repository.js';

export function assetStatus(
  latest: LatestValues | undefined,
  severity: Severity | null,
  now: number,
  offlineAfterMs: number,
  suspect = false,
): AssetStatus {
  // A suspect sensor's alarms are not trusted (its incidents are marked suspect, not paged).
  if (suspect) return 'suspect';
  if (severity) return 'alarm';
  if (!latest) return 'unknown';
  return now - latest.ts > offlineAfterMs ? 'offline' : 'ok';
}

export function toAssetFeature(
  asset: AssetRecord,
  latest: LatestValues | undefined,
  severity: Severity | null,
  now: number,
  offlineAfterMs: number,
): AssetFeature {
  return {
    type: 'Feature',
    id: asset.id,
    geometry: { type: 'Point', coordinates: [asset.lng, asset.lat] },
    properties: {
      id: asset.id,
      domain: asset.domain,
      kind: asset.kind,
      name: asset.name,
      district: asset.district,
      parentId: asset.parentId,
      status: assetStatus(latest, severity, now, offlineAfterMs, asset.suspect ?? false),
      severity,
      latest: latest?.metrics ?? {},
      lastSeenAt: latest ? new Date(latest.ts).toISOString() : null,
    },
  };
}
