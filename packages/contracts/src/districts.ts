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

type Bounds = readonly [west: number, south: number, east: number, north: number];

interface DistrictPolygon {
  code: DistrictCode;
  outer: Ring;
  holes: Ring[];
  bounds: Bounds;
}

function boundsOf(rings: readonly Ring[]): Bounds {
  const points = rings.flat() as [number, number][];
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const POLYGONS: readonly DistrictPolygon[] = TIANJIN_DISTRICTS_GEOJSON.features.flatMap((f) =>
  (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).map(
    ([outer, ...holes]) => ({
      code: f.properties.code as DistrictCode,
      outer: outer!,
      holes,
      bounds: boundsOf([outer!]),
    }),
  ),
);

const CITY_BOUNDS = boundsOf(POLYGONS.map((p) => p.outer));

/**
 * The boundaries have ~100 m precision, so neighbouring districts leave thin slivers between them:
 * a point that falls in none belongs to the nearest one within this distance.
 */
export const BOUNDARY_TOLERANCE_M = 500;
/** More than the tolerance in degrees, in both directions, at Tianjin's latitude. */
const TOLERANCE_DEG = 0.01;

function near(
  [west, south, east, north]: Bounds,
  lng: number,
  lat: number,
  margin: number,
): boolean {
  return (
    lng >= west - margin && lng <= east + margin && lat >= south - margin && lat <= north + margin
  );
}

/** The district containing a point (or nearest to it within BOUNDARY_TOLERANCE_M), or null outside the city. */
export function findDistrict(lng: number, lat: number): DistrictCode | null {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  if (!near(CITY_BOUNDS, lng, lat, TOLERANCE_DEG)) return null;
  for (const p of POLYGONS) {
    if (
      near(p.bounds, lng, lat, 0) &&
      ringContains(p.outer, lng, lat) &&
      !p.holes.some((h) => ringContains(h, lng, lat))
    ) {
      return p.code;
    }
  }
  let nearest: DistrictCode | null = null;
  let nearestM = BOUNDARY_TOLERANCE_M;
  for (const p of POLYGONS) {
    if (!near(p.bounds, lng, lat, TOLERANCE_DEG)) continue;
    for (const ring of [p.outer, ...p.holes]) {
      const d = distanceToRingM(ring, lng, lat);
      if (d <= nearestM) {
        nearestM = d;
        nearest = p.code;
      }
    }
  }
  return nearest;
}

function ringContains(ring: Ring, lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const METRES_PER_DEGREE = 111_320;

/** Distance in metres from a point to a ring's edges (equirectangular, fine at city scale). */
function distanceToRingM(ring: Ring, lng: number, lat: number): number {
  const kx = METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
  const ky = METRES_PER_DEGREE;
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1, y1] = ring[j] as [number, number];
    const [x2, y2] = ring[i] as [number, number];
    const ax = (x1 - lng) * kx;
    const ay = (y1 - lat) * ky;
    const bx = (x2 - lng) * kx;
    const by = (y2 - lat) * ky;
    const dx = bx - ax;
    const dy = by - ay;
    const t =
      dx === 0 && dy === 0
        ? 0
        : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

export function districtName(code: string): string {
  return DISTRICTS.find((d) => d.code === code)?.name ?? code;
}
