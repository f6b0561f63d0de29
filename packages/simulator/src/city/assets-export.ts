import { ASSET_CSV_HEADER } from '@cityops/contracts';
import { csvField } from '../lib/csv.js';
import type { CityAsset } from './city-model.js';

export { csvField };

/** The assets as the backend's CSV import takes them: exactly ASSET_CSV_HEADER, one asset a line. */
export function assetsToCsv(assets: readonly CityAsset[]): string {
  const lines = [ASSET_CSV_HEADER.join(',')];
  for (const asset of assets) {
    const row: Record<(typeof ASSET_CSV_HEADER)[number], string> = {
      id: asset.id,
      domain: asset.domain,
      kind: asset.kind,
      name: asset.name,
      district: asset.district,
      lng: String(asset.lng),
      lat: String(asset.lat),
      parentId: asset.parentId ?? '',
    };
    lines.push(ASSET_CSV_HEADER.map((column) => csvField(row[column])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export interface AssetFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: { type: 'Point'; coordinates: [number, number] };
    properties: Omit<CityAsset, 'lng' | 'lat'> & { lng: number; lat: number };
  }[];
}

/** The same assets as GeoJSON Points whose properties carry the CSV's names (the import accepts this too). */
export function assetsToGeoJson(assets: readonly CityAsset[]): AssetFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: assets.map((asset) => ({
      type: 'Feature',
      id: asset.id,
      geometry: { type: 'Point', coordinates: [asset.lng, asset.lat] },
      properties: { ...asset },
    })),
  };
}
