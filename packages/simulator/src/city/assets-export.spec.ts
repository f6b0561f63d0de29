import { ASSET_CSV_HEADER, AssetImportRowSchema } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../lib/csv.js';
import { assetsToCsv, assetsToGeoJson, csvField } from './assets-export.js';
import { buildScaledCity } from './city-model.js';

describe('asset export', () => {
  const city = buildScaledCity('tianjin');

  it('writes exactly the import header and one row per asset of the full city that the import schema accepts', () => {
    const lines = assetsToCsv(city.assets).trimEnd().split('\n');
    expect(lines[0]).toBe(ASSET_CSV_HEADER.join(','));
    expect(lines).toHaveLength(city.assets.length + 1);
    for (const [i, line] of lines.slice(1).entries()) {
      const fields = splitCsvLine(line);
      const row = Object.fromEntries(ASSET_CSV_HEADER.map((column, c) => [column, fields[c]]));
      const parsed = AssetImportRowSchema.safeParse(row);
      expect(parsed.success, `line ${i + 2}: ${line}`).toBe(true);
      if (parsed.success)
        expect(parsed.data).toMatchObject({
          id: city.assets[i]!.id,
          district: city.assets[i]!.district,
        });
    }
  });

  it('quotes fields holding commas, quotes or line breaks', () => {
    expect(csvField('南京路换热站')).toBe('南京路换热站');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(splitCsvLine(['x', csvField('a,"b"'), ''].join(','))).toEqual(['x', 'a,"b"', '']);
  });

  it('exports GeoJSON points whose properties carry the import column names', () => {
    const geo = assetsToGeoJson(city.assets.slice(0, 2));
    expect(geo.type).toBe('FeatureCollection');
    const [first] = geo.features;
    expect(first!.geometry.coordinates).toEqual([city.assets[0]!.lng, city.assets[0]!.lat]);
    expect(Object.keys(first!.properties).sort()).toEqual([...ASSET_CSV_HEADER].sort());
  });
});
