import { describe, expect, it } from 'vitest';
import { parseAssetCsv, parseAssetGeoJson } from './asset-import.js';

const header = 'id,domain,kind,name,district,lng,lat,parentId';

describe('parseAssetCsv', () => {
  it('imports good rows and derives a missing district from the location', () => {
    const { rows, rejected } = parseAssetCsv(
      `${header}\nHS-0001,heating,heat_source,陈塘庄热源厂,120103,117.22,39.09,\nST-0001,heating,heat_station,南京路换热站,,117.196,39.118,HS-0001\n`,
    );
    expect(rejected).toEqual([]);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      id: 'ST-0001',
      district: '120101',
      parentId: 'HS-0001',
      lng: 117.196,
    });
    expect(rows[0]!.parentId).toBeNull();
  });

  it('rejects bad rows with their line and reason and keeps the rest', () => {
    const text = [
      header,
      'ST-0001,heating,heat_station,ok,,117.196,39.118,',
      'ST-0002,heating,heat_station,zero island,,0,0,',
      'ST-0003,heating,underpass,wrong kind,,117.196,39.118,',
      'ST-0004,heating,heat_station,not a number,,abc,39.1,',
      'ST 0005,heating,heat_station,bad id,,117.196,39.118,',
      'ST-0001,heating,heat_station,duplicate,,117.196,39.118,',
      'ST-0006,heating,heat_station,short row',
      'ST-0007,heating,heat_station,outside china,,-74.0,40.7,',
      'ST-0008,parking,heat_station,unknown domain,,117.196,39.118,',
      'ST-0009,heating,heat_station,self parent,,117.196,39.118,ST-0009',
    ].join('\n');
    const { rows, rejected } = parseAssetCsv(text);
    expect(rows.map((r) => r.id)).toEqual(['ST-0001']);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(rejected[0]!.reason).toMatch(/outside Tianjin/);
    expect(rejected[1]!.reason).toMatch(/does not belong to domain heating/);
    expect(rejected[2]!.reason).toMatch(/lng/);
    expect(rejected[4]!.reason).toMatch(/duplicate id ST-0001 \(first on line 2\)/);
    expect(rejected[5]!.reason).toMatch(/expected 8 fields, found 4/);
  });

  it('refuses a file without the required header', () => {
    const { rows, rejected } = parseAssetCsv('name,lng,lat\nx,1,2\n');
    expect(rows).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/header lacks id, domain, kind/);
  });

  it('refuses an empty file and broken quoting without throwing', () => {
    expect(parseAssetCsv('').rejected[0]!.reason).toBe('empty file');
    expect(parseAssetCsv(`${header}\n"ST-1,heating`).rejected[0]!.reason).toMatch(/malformed CSV/);
  });
});

describe('parseAssetGeoJson', () => {
  it('imports Point features and rejects others by index', () => {
    const { rows, rejected } = parseAssetGeoJson({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [117.196, 39.118] },
          properties: {
            id: 'WL-0001',
            domain: 'waterlogging',
            kind: 'underpass',
            name: '解放桥下穿',
          },
        },
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
          properties: {},
        },
        'junk',
      ],
    });
    expect(rows.map((r) => r.id)).toEqual(['WL-0001']);
    expect(rows[0]!.district).toBe('120101');
    expect(rejected.map((r) => r.line)).toEqual([2, 3]);
  });

  it('refuses a body that is not a FeatureCollection', () => {
    expect(parseAssetGeoJson({ type: 'Feature' }).rejected[0]!.reason).toMatch(/FeatureCollection/);
    expect(parseAssetGeoJson(null).rejected).toHaveLength(1);
  });
});
