import { DISTRICTS, findDistrict, type DistrictCode } from '@cityops/contracts';
import { offsetMetres } from '../lib/geo.js';
import type { Random } from '../lib/random.js';
import { round } from '../lib/time.js';

export type LngLat = [number, number];

/**
 * Where assets go: the six central districts dominate, the ring districts and 滨海新区 (the second
 * city centre) get some, the far ones a few.
 */
export const DISTRICT_WEIGHTS: Record<DistrictCode, number> = {
  '120101': 10,
  '120102': 10,
  '120103': 10,
  '120104': 10,
  '120105': 9,
  '120106': 8,
  '120110': 3,
  '120111': 3,
  '120112': 2,
  '120113': 3,
  '120116': 5,
  '120114': 0.5,
  '120115': 0.3,
  '120117': 0.3,
  '120118': 0.5,
  '120119': 0.3,
};

/**
 * Where citizens report from: resident population in 10 000 (2020 census), doubled in the six central
 * districts and half again in 滨海新区 where streets are busiest, halved in the rural districts.
 */
export const CASE_DISTRICT_WEIGHTS: Record<DistrictCode, number> = {
  '120101': 35.5 * 2,
  '120102': 85.9 * 2,
  '120103': 82.2 * 2,
  '120104': 89.0 * 2,
  '120105': 64.8 * 2,
  '120106': 48.3 * 2,
  '120110': 85.7,
  '120111': 119.5,
  '120112': 92.8,
  '120113': 90.9,
  '120116': 206.7 * 1.5,
  '120114': 115.1 * 0.5,
  '120115': 72.3 * 0.5,
  '120117': 39.5 * 0.5,
  '120118': 78.7 * 0.5,
  '120119': 79.6 * 0.5,
};

export const CENTRAL_DISTRICTS: readonly DistrictCode[] = [
  '120101',
  '120102',
  '120103',
  '120104',
  '120105',
  '120106',
];

const CENTRAL = new Set<DistrictCode>(CENTRAL_DISTRICTS);

export function pickDistrict(
  random: Random,
  weights: Record<DistrictCode, number> = DISTRICT_WEIGHTS,
): DistrictCode {
  return random.pickWeighted(DISTRICTS.map((d) => ({ item: d.code, weight: weights[d.code] })));
}

function labelOf(code: DistrictCode): LngLat {
  const district = DISTRICTS.find((d) => d.code === code)!;
  return [district.label[0], district.label[1]];
}

const roundPoint = ([lng, lat]: LngLat): LngLat => [round(lng, 6), round(lat, 6)];

/** A random point inside the district (rejection sampling around its label point, widening if needed). */
export function randomPointInDistrict(random: Random, code: DistrictCode): LngLat {
  const [lng0, lat0] = labelOf(code);
  let radius = CENTRAL.has(code) ? 0.025 : 0.08;
  for (let attempt = 0; attempt < 2000; attempt++) {
    if (attempt > 0 && attempt % 200 === 0) radius *= 1.5;
    const point = roundPoint([
      lng0 + random.between(-radius, radius),
      lat0 + random.between(-radius, radius),
    ]);
    if (findDistrict(point[0], point[1]) === code) return point;
  }
  // The label point is inside its district by construction; reaching here means the boundary data changed.
  throw new Error(`could not place a point inside district ${code}`);
}

/** A random point within `radiusDeg` of a centre that lies inside the city; returns it with its district. */
export function randomPointNear(
  random: Random,
  [lng0, lat0]: LngLat,
  radiusDeg: number,
): { point: LngLat; district: DistrictCode } {
  for (let attempt = 0; attempt < 500; attempt++) {
    const r = attempt < 400 ? radiusDeg : radiusDeg / 10;
    const point = roundPoint([lng0 + random.between(-r, r), lat0 + random.between(-r, r)]);
    const district = findDistrict(point[0], point[1]);
    if (district) return { point, district };
  }
  const district = findDistrict(lng0, lat0);
  if (!district) throw new Error(`centre (${lng0}, ${lat0}) is outside the city`);
  return { point: [lng0, lat0], district };
}

/**
 * A random point within `radiusM` metres of `centre` (uniform over the disc) that lies inside the city,
 * with its district; null when the centre is so close to the city's edge that no try landed inside.
 */
export function randomPointWithin(
  random: Random,
  centre: LngLat,
  radiusM: number,
): { point: LngLat; district: DistrictCode } | null {
  for (let attempt = 0; attempt < 50; attempt++) {
    const r = radiusM * Math.sqrt(random.next());
    const angle = 2 * Math.PI * random.next();
    const point = roundPoint(offsetMetres(centre, r * Math.cos(angle), r * Math.sin(angle)));
    const district = findDistrict(point[0], point[1]);
    if (district) return { point, district };
  }
  return null;
}

/** A district named by its code (120104) or its name (南开区), or null. */
export function districtCodeOf(text: string): DistrictCode | null {
  return DISTRICTS.find((d) => d.code === text || d.name === text)?.code ?? null;
}
