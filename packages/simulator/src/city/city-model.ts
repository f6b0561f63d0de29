import { districtName, type AssetKind, type DistrictCode, type Domain } from '@cityops/contracts';
import { createRandom, type Random } from '../lib/random.js';
import { HEAT_PLANTS, STREETS_BY_DISTRICT, UniqueNames } from './names.js';
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
  indoorSensorsPerStation: number;
  waterloggingPoints: number;
  rainGauges: number;
}

export const DEFAULT_CITY_OPTIONS: CityOptions = {
  heatSources: 6,
  stations: 60,
  indoorSensorsPerStation: 4,
  waterloggingPoints: 30,
  rainGauges: 10,
};

export interface City {
  seed: string;
  assets: readonly CityAsset[];
  byId: ReadonlyMap<string, CityAsset>;
  heatSources: readonly CityAsset[];
  stations: readonly CityAsset[];
  indoorSensors: readonly CityAsset[];
  /** Underpasses and low roads. */
  waterloggingPoints: readonly CityAsset[];
  rainGauges: readonly CityAsset[];
}

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

/** Builds the same city for the same seed: every point inside Tianjin, tagged with the district it lies in. */
export function buildCity(seed: string | number, options: Partial<CityOptions> = {}): City {
  const opts = { ...DEFAULT_CITY_OPTIONS, ...options };
  const names = new UniqueNames();

  const heatRandom = createRandom(`${seed}/heat-sources`);
  const heatSources = Array.from({ length: opts.heatSources }, (_, i) => {
    const plant = HEAT_PLANTS[i % HEAT_PLANTS.length]!;
    const name = names.take(`${districtName(plant.district)} ${plant.place}`, plant.type);
    return asset(
      `HS-${pad(i + 1)}`,
      'heat_source',
      'heating',
      name,
      plant.district,
      randomPointInDistrict(heatRandom, plant.district),
    );
  });

  const stationRandom = createRandom(`${seed}/stations`);
  const stations = Array.from({ length: opts.stations }, (_, i) => {
    const district = pickDistrict(stationRandom);
    const point = randomPointInDistrict(stationRandom, district);
    const name = names.take(
      `${districtName(district)} ${streetIn(stationRandom, district)}`,
      '换热站',
    );
    const station = asset(`ST-${pad(i + 1)}`, 'heat_station', 'heating', name, district, point);
    // Stations hang off the nearest heat source, as a district network would be laid out.
    return { ...station, parentId: heatSources.length ? nearest(station, heatSources).id : null };
  });

  const indoorRandom = createRandom(`${seed}/indoor`);
  let indoorNo = 0;
  const indoorSensors = stations.flatMap((station) => {
    const stationShortName = station.name.split(' ').pop()!;
    return Array.from({ length: opts.indoorSensorsPerStation }, () => {
      indoorNo += 1;
      const { point, district } = randomPointNear(indoorRandom, [station.lng, station.lat], 0.004);
      const flat = `${indoorRandom.int(1, 24)}号楼${indoorRandom.int(1, 4)}单元${indoorRandom.int(1, 18)}0${indoorRandom.int(1, 4)}`;
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

  const waterRandom = createRandom(`${seed}/waterlogging`);
  const waterloggingPoints = Array.from({ length: opts.waterloggingPoints }, (_, i) => {
    const district = pickDistrict(waterRandom);
    const point = randomPointInDistrict(waterRandom, district);
    // Roughly two underpasses for every low road, as in the city's list of flood-prone points.
    const kind: AssetKind = i % 3 === 2 ? 'low_road' : 'underpass';
    const name = names.take(
      streetIn(waterRandom, district),
      kind === 'underpass' ? '下穿' : '低洼路段',
    );
    return asset(`WL-${pad(i + 1)}`, kind, 'waterlogging', name, district, point);
  });

  const rainRandom = createRandom(`${seed}/rain-gauges`);
  const rainGauges = Array.from({ length: opts.rainGauges }, (_, i) => {
    const district = pickDistrict(rainRandom);
    const point = randomPointInDistrict(rainRandom, district);
    const name = names.take(
      `${districtName(district)} ${streetIn(rainRandom, district)}`,
      '雨量站',
    );
    return asset(`RG-${pad(i + 1)}`, 'rain_gauge', 'waterlogging', name, district, point);
  });

  const assets = [
    ...heatSources,
    ...stations,
    ...indoorSensors,
    ...waterloggingPoints,
    ...rainGauges,
  ];
  return {
    seed: String(seed),
    assets,
    byId: new Map(assets.map((a) => [a.id, a])),
    heatSources,
    stations,
    indoorSensors,
    waterloggingPoints,
    rainGauges,
  };
}
