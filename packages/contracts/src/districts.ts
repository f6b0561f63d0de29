import { z } from 'zod';
import boundaries from './geo/tianjin-districts.json' with { type: 'json' };

/** Tianjin's 16 districts: administrative code, name, and label point [lng, lat]. */
export const DISTRICTS = [
  { code: '120101', name: '和平区', nameEn: 'Heping', label: [117.196, 39.118] },
  { code: '120102', name: '河东区', nameEn: 'Hedong', label: [117.227, 39.122] },
  { code: '120103', name: '河西区', nameEn: 'Hexi', label: [117.218, 39.102] },
  { code: '120104', name: '南开区', nameEn: 'Nankai', label: [117.164, 39.121] },
  { code: '120105', name: '河北区', nameEn: 'Hebei', label: [117.202, 39.157] },
  { code: '120106', name: '红桥区', nameEn: 'Hongqiao', label: [117.163, 39.175] },
  { code: '120110', name: '东丽区', nameEn: 'Dongli', label: [117.314, 39.088] },
  { code: '120111', name: '西青区', nameEn: 'Xiqing', label: [117.122, 39.029] },
  { code: '120112', name: '津南区', nameEn: 'Jinnan', label: [117.383, 38.99] },
  { code: '120113', name: '北辰区', nameEn: 'Beichen', label: [117.175, 39.256] },
  { code: '120114', name: '武清区', nameEn: 'Wuqing', label: [117.058, 39.467] },
  { code: '120115', name: '宝坻区', nameEn: 'Baodi', label: [117.428, 39.597] },
  { code: '120116', name: '滨海新区', nameEn: 'Binhai', label: [117.654, 39.033] },
  { code: '120117', name: '宁河区', nameEn: 'Ninghe', label: [117.638, 39.359] },
  { code: '120118', name: '静海区', nameEn: 'Jinghai', label: [116.925, 38.936] },
  { code: '120119', name: '蓟州区', nameEn: 'Jizhou', label: [117.407, 40.045] },
] as const satisfies readonly {
  code: string;
  name: string;
  nameEn: string;
  label: readonly [number, number];
}[];

export type DistrictCode = (typeof DISTRICTS)[number]['code'];
export const DISTRICT_CODES = DISTRICTS.map((d) => d.code) as [DistrictCode, ...DistrictCode[]];
export const DistrictCodeSchema = z.enum(DISTRICT_CODES);

/** City centre used as the map's home view. */
export const CITY_CENTER: [number, number] = [117.2, 39.13];

type Ring = number[][];
interface DistrictFeature {
  type: 'Feature';
  id: string;
  properties: { code: string; name: string; labelPoint: number[] };
  geometry:
    { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

/**
 * District boundaries (GeoJSON FeatureCollection), decoded from Apache ECharts 4.9.0 (Apache-2.0,
 * see geo/ECHARTS-NOTICE); ~100 m precision. Regenerate with `npm run generate:districts -w packages/contracts`.
 */
export const TIANJIN_DISTRICTS_GEOJSON = boundaries as unknown as {
  type: 'FeatureCollection';
  attribution: string;
  features: DistrictFeature[];
};

const polygonsByCode = new Map<string, Ring[][]>(
  TIANJIN_DISTRICTS_GEOJSON.features.map((f) => [
    f.properties.code,
    f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
  ]),
);

function ringContains(ring: Ring, lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The district containing a point, or null outside the city's boundaries. */
export function findDistrict(lng: number, lat: number): DistrictCode | null {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  for (const [code, polygons] of polygonsByCode) {
    for (const [outer, ...holes] of polygons) {
      if (outer && ringContains(outer, lng, lat) && !holes.some((h) => ringContains(h, lng, lat))) {
        return code as DistrictCode;
      }
    }
  }
  return null;
}

export function districtName(code: string): string {
  return DISTRICTS.find((d) => d.code === code)?.name ?? code;
}
