import {
  DISTRICTS,
  districtName,
  type AssetKind,
  type DistrictCode,
  type Domain,
} from '@cityops/contracts';
import { createRandom, type Random } from '../lib/random.js';
import { FLOOD_PRONE_TUNNELS, HEAT_PLANTS, STREETS_BY_DISTRICT, UniqueNames } from './names.js';
import { pickDistrict, randomPointInDistrict, randomPointNear, type LngLat } from './placement.js';

/** One simulated asset; the fields are exactly the asset import columns. */
export interface CityAsset {
  id: string;
  domain: Domain;
  kind: AssetKind;
  name: string;
  district: DistrictCode;
  lng: number;
  lat: number;
  parentId: string | null;
}

export interface CityOptions {
  heatSources: number;
  stations: number;
  /** Indoor sensors in all, shared among the stations by their size (about 10 each by default). */
  indoorSensors: number;
  /** Underpasses and low roads, the flood-prone tunnels first. */
  waterloggingPoints: number;
  rainGauges: number;
}

/** Tianjin at scale 1: a dozen heat sources, 2 000 exchange stations, 20 000 flats, 300 flood-prone points. */
export const BASE_CITY: CityOptions = {
  heatSources: 12,
  stations: 2000,
  indoorSensors: 20_000,
  waterloggingPoints: 300,
  rainGauges: 40,
};

export const MIN_SCALE = 0.001;
export const MAX_SCALE = 10;

/**
 * The counts for `scale` (0.01: a tiny test city, 5: a load test). A city always keeps its 13
 * flood-prone tunnels plus a few other points, two heat sources, three stations and two rain gauges.
 */
export function cityOptionsForScale(scale: number): CityOptions {
  if (!Number.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE)
    throw new RangeError(`scale must be between ${MIN_SCALE} and ${MAX_SCALE}, got ${scale}`);
  const stations = Math.max(3, Math.round(BASE_CITY.stations * scale));
  return {
    heatSources: Math.max(2, Math.round(BASE_CITY.heatSources * scale)),
    stations,
    indoorSensors: Math.max(stations, Math.round(BASE_CITY.indoorSensors * scale)),
    waterloggingPoints: Math.max(
      FLOOD_PRONE_TUNNELS.length + 2,
      Math.round(BASE_CITY.waterloggingPoints * scale),
    ),
    rainGauges: Math.max(2, Math.round(BASE_CITY.rainGauges * scale)),
  };
}

export interface City {
  seed: string;
  assets: readonly CityAsset[];
  byId: ReadonlyMap<string, CityAsset>;
  heatSources: readonly CityAsset[];
  stations: readonly CityAsset[];
  indoorSensors: readonly CityAsset[];
  /** Underpasses and low roads. */
  waterloggingPoints: readonly CityAsset[];
  /** The flood-prone tunnels among the waterlogging points (underpasses named …下穿隧道). */
  tunnels: readonly CityAsset[];
  rainGauges: readonly CityAsset[];
}

/** Ids keep at least four digits (IS-0001) and grow past 9999 (IS-10000), so the first ones never change. */
const pad = (n: number) => String(n).padStart(4, '0');

function asset(
  id: string,
  kind: AssetKind,
  domain: Domain,
  name: string,
  district: DistrictCode,
  [lng, lat]: LngLat,
  parentId: string | null = null,
): CityAsset {
  return { id, domain, kind, name, district, lng, lat, parentId };
}

function streetIn(random: Random, district: DistrictCode): string {
  return random.pick(STREETS_BY_DISTRICT[district]);
}

function nearest(from: CityAsset, candidates: readonly CityAsset[]): CityAsset {
  let best = candidates[0]!;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = (c.lng - from.lng) ** 2 + (c.lat - from.lat) ** 2;
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/**
 * Shares `total` among `weights.length` holders in proportion to the weights (largest remainder),
 * each holder getting at least one.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const spare = Math.max(0, total - n);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (spare * w) / sum : spare / n));
  const counts = exact.map((x) => 1 + Math.floor(x));
  let left = Math.max(n, total) - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, remainder: x - Math.floor(x) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  return counts;
}

function buildHeatSources(seed: string, count: number, names: UniqueNames): CityAsset[] {
  const random = createRandom(`${seed}/heat-sources`);
  return Array.from({ length: count }, (_, i) => {
    const plant = HEAT_PLANTS[i % HEAT_PLANTS.length]!;
    const name = names.take(`${districtName(plant.district)} ${plant.place}`, plant.type);
    const point = randomPointInDistrict(random, plant.district);
    return asset(`HS-${pad(i + 1)}`, 'heat_source', 'heating', name, plant.district, point);
  });
}

function buildStations(
  seed: string,
  count: number,
  heatSources: readonly CityAsset[],
  names: UniqueNames,
): CityAsset[] {
  const random = createRandom(`${seed}/stations`);
  return Array.from({ length: count }, (_, i) => {
    const district = pickDistrict(random);
    const point = randomPointInDistrict(random, district);
    const name = names.take(`${districtName(district)} ${streetIn(random, district)}`, '换热站');
    const station = asset(`ST-${pad(i + 1)}`, 'heat_station', 'heating', name, district, point);
    // Stations hang off the nearest heat source, as a district network would be laid out.
    return { ...station, parentId: heatSources.length ? nearest(station, heatSources).id : null };
  });
}

function buildIndoorSensors(
  seed: string,
  total: number,
  stations: readonly CityAsset[],
  names: UniqueNames,
): CityAsset[] {
  // Bigger estates get more monitored flats: about 5 to 15 per station at the default size.
  const sizes = createRandom(`${seed}/station-sizes`);
  const counts = apportion(
    total,
    stations.map(() => sizes.between(0.5, 1.5)),
  );
  const random = createRandom(`${seed}/indoor`);
  let indoorNo = 0;
  return stations.flatMap((station, s) => {
    const stationShortName = station.name.split(' ').pop()!;
    return Array.from({ length: counts[s]! }, () => {
      indoorNo += 1;
      const { point, district } = randomPointNear(random, [station.lng, station.lat], 0.004);
      const flat = `${random.int(1, 24)}号楼${random.int(1, 4)}单元${random.int(1, 18)}0${random.int(1, 4)}`;
      const name = names.take(`${stationShortName} ${flat}`, ' 室温');
      return asset(
        `IS-${pad(indoorNo)}`,
        'indoor_sensor',
        'heating',
        name,
        district,
        point,
        station.id,
      );
    });
  });
}

function buildWaterloggingPoints(seed: string, count: number, names: UniqueNames): CityAsset[] {
  const random = createRandom(`${seed}/waterlogging`);
  return Array.from({ length: count }, (_, i) => {
    const tunnel = FLOOD_PRONE_TUNNELS[i];
    if (tunnel) {
      const point = randomPointInDistrict(random, tunnel.district);
      const name = names.take(tunnel.street, '下穿隧道');
      return asset(`WL-${pad(i + 1)}`, 'underpass', 'waterlogging', name, tunnel.district, point);
    }
    const district = pickDistrict(random);
    const point = randomPointInDistrict(random, district);
    // Past the tunnels, one underpass (a bridge underpass) for every two low-lying road sections.
    const kind: AssetKind = i % 3 === 0 ? 'underpass' : 'low_road';
    const name = names.take(streetIn(random, district), kind === 'underpass' ? '下穿' : '低洼路段');
    return asset(`WL-${pad(i + 1)}`, kind, 'waterlogging', name, district, point);
  });
}

function buildRainGauges(seed: string, count: number, names: UniqueNames): CityAsset[] {
  const random = createRandom(`${seed}/rain-gauges`);
  return Array.from({ length: count }, (_, i) => {
    // One gauge in every district first, then more where the points are.
    const district = i < DISTRICTS.length ? DISTRICTS[i]!.code : pickDistrict(random);
    const point = randomPointInDistrict(random, district);
    const name = names.take(`${districtName(district)} ${streetIn(random, district)}`, '雨量站');
    return asset(`RG-${pad(i + 1)}`, 'rain_gauge', 'waterlogging', name, district, point);
  });
}

/**
 * Builds the same city for the same seed and counts: every point inside Tianjin, tagged with the
 * district it lies in. Each kind draws from its own random stream, so changing one count leaves the
 * other kinds where they were.
 */
export function buildCity(seed: string | number, options: Partial<CityOptions> = {}): City {
  const opts = { ...BASE_CITY, ...options };
  const text = String(seed);
  const names = new UniqueNames();
  const heatSources = buildHeatSources(text, opts.heatSources, names);
  const stations = buildStations(text, opts.stations, heatSources, names);
  const indoorSensors = buildIndoorSensors(text, opts.indoorSensors, stations, names);
  const waterloggingPoints = buildWaterloggingPoints(text, opts.waterloggingPoints, names);
  const rainGauges = buildRainGauges(text, opts.rainGauges, names);
  const assets = [
    ...heatSources,
    ...stations,
    ...indoorSensors,
    ...waterloggingPoints,
    ...rainGauges,
  ];
  return {
    seed: text,
    assets,
    byId: new Map(assets.map((a) => [a.id, a])),
    heatSources,
    stations,
    indoorSensors,
    waterloggingPoints,
    tunnels: waterloggingPoints.slice(
      0,
      Math.min(FLOOD_PRONE_TUNNELS.length, opts.waterloggingPoints),
    ),
    rainGauges,
  };
}

/** The city at a scale of the default Tianjin (1). */
export function buildScaledCity(seed: string | number, scale = 1): City {
  return buildCity(seed, cityOptionsForScale(scale));
}
