import { ASSET_KIND_DOMAIN, findDistrict } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { apportion, buildCity, buildScaledCity, cityOptionsForScale } from './city-model.js';
import { CENTRAL_DISTRICTS } from './placement.js';

const CENTRAL: readonly string[] = CENTRAL_DISTRICTS;

describe('buildCity at the default scale', () => {
  const city = buildScaledCity('tianjin');

  it('builds the same city for the same seed and a different one for another seed', () => {
    expect(buildScaledCity('tianjin').assets).toEqual(city.assets);
    expect(buildScaledCity('other', 0.01).assets).not.toEqual(
      buildScaledCity('tianjin', 0.01).assets,
    );
  });

  it('is Tianjin-sized: 12 heat sources, 2 000 stations, 20 000 flats, 300 points with 13 tunnels, 40 gauges', () => {
    expect(city.heatSources).toHaveLength(12);
    expect(city.stations).toHaveLength(2000);
    expect(city.indoorSensors).toHaveLength(20_000);
    expect(city.waterloggingPoints).toHaveLength(300);
    expect(city.tunnels).toHaveLength(13);
    expect(city.rainGauges).toHaveLength(40);
    expect(new Set(city.assets.map((a) => a.id)).size).toBe(city.assets.length);
  });

  it('keeps the ids other tests and the demo use, with at least four digits and more past 9999', () => {
    const kindOf = (id: string) => city.byId.get(id)?.kind;
    for (const id of ['ST-0001', 'ST-0003', 'ST-0010', 'ST-0060'])
      expect(kindOf(id), id).toBe('heat_station');
    for (const id of ['IS-0001', 'IS-0021', 'IS-0042', 'IS-0100', 'IS-0150', 'IS-0240'])
      expect(kindOf(id), id).toBe('indoor_sensor');
    expect(kindOf('HS-0001')).toBe('heat_source');
    expect(kindOf('WL-0001')).toBe('underpass');
    expect(kindOf('RG-0040')).toBe('rain_gauge');
    expect(city.indoorSensors[9_999]!.id).toBe('IS-10000');
    expect(city.indoorSensors.at(-1)!.id).toBe('IS-20000');
    expect(city.stations.at(-1)!.id).toBe('ST-2000');
  });

  it('places every asset inside Tianjin and tags it with the district that contains it', () => {
    for (const asset of city.assets) {
      expect(findDistrict(asset.lng, asset.lat), asset.id).toBe(asset.district);
    }
  });

  it('puts most stations and waterlogging points in the six central districts', () => {
    const central = [...city.stations, ...city.waterloggingPoints].filter((a) =>
      CENTRAL.includes(a.district),
    );
    expect(
      central.length / (city.stations.length + city.waterloggingPoints.length),
    ).toBeGreaterThan(0.6);
    expect(city.stations.filter((s) => s.district === '120116').length).toBeGreaterThan(50);
  });

  it('names the 13 flood-prone tunnels as underpasses, most of them in the central districts', () => {
    expect(city.tunnels.map((t) => t.id)).toEqual(
      Array.from({ length: 13 }, (_, i) => `WL-${String(i + 1).padStart(4, '0')}`),
    );
    for (const tunnel of city.tunnels) {
      expect(tunnel.kind).toBe('underpass');
      expect(tunnel.name).toMatch(/下穿隧道$/);
    }
    expect(city.tunnels.filter((t) => CENTRAL.includes(t.district)).length).toBeGreaterThanOrEqual(
      10,
    );
    const others = city.waterloggingPoints.slice(13);
    expect(others.some((p) => p.kind === 'underpass')).toBe(true);
    expect(others.filter((p) => p.kind === 'low_road').length).toBeGreaterThan(others.length / 2);
  });

  it('links each station to a heat source and about ten flats to each station', () => {
    for (const station of city.stations)
      expect(city.byId.get(station.parentId!)?.kind).toBe('heat_source');
    const perStation = new Map<string, number>();
    for (const sensor of city.indoorSensors) {
      expect(city.byId.get(sensor.parentId!)?.kind).toBe('heat_station');
      perStation.set(sensor.parentId!, (perStation.get(sensor.parentId!) ?? 0) + 1);
    }
    expect(perStation.size).toBe(2000);
    expect(Math.min(...perStation.values())).toBeGreaterThanOrEqual(4);
    expect(Math.max(...perStation.values())).toBeLessThanOrEqual(16);
    expect(city.heatSources.every((s) => s.parentId === null)).toBe(true);
    expect(new Set(city.stations.map((s) => s.parentId)).size).toBeGreaterThan(6);
  });

  it('gives every asset a unique Chinese name and the domain of its kind', () => {
    expect(new Set(city.assets.map((a) => a.name)).size).toBe(city.assets.length);
    for (const asset of city.assets) {
      expect(asset.name).toMatch(/[\u4e00-\u9fff]/);
      expect(asset.domain).toBe(ASSET_KIND_DOMAIN[asset.kind]);
    }
    expect(city.stations[0]!.name).toMatch(/^\S+区 \S+换热站$/);
    expect(city.waterloggingPoints.find((p, i) => i > 13 && p.kind === 'underpass')!.name).toMatch(
      /下穿$/,
    );
  });
});

describe('city scale', () => {
  it('builds a tiny test city at 0.01 that still has every kind and the 13 tunnels', () => {
    const tiny = buildScaledCity('tianjin', 0.01);
    expect(tiny.heatSources).toHaveLength(2);
    expect(tiny.stations).toHaveLength(20);
    expect(tiny.indoorSensors).toHaveLength(200);
    expect(tiny.waterloggingPoints).toHaveLength(15);
    expect(tiny.tunnels).toHaveLength(13);
    expect(tiny.rainGauges).toHaveLength(2);
    expect(buildScaledCity('tianjin', 0.01).assets).toEqual(tiny.assets);
    for (const asset of tiny.assets)
      expect(findDistrict(asset.lng, asset.lat), asset.id).toBe(asset.district);
  });

  it('keeps the first assets of a kind when only another kind grows', () => {
    const a = buildCity('tianjin', { ...cityOptionsForScale(0.01), rainGauges: 5 });
    const b = buildScaledCity('tianjin', 0.01);
    expect(a.stations).toEqual(b.stations);
    expect(a.rainGauges.slice(0, 2)).toEqual(b.rainGauges);
  });

  it('multiplies the counts for load tests and refuses a scale out of bounds', () => {
    expect(cityOptionsForScale(5)).toEqual({
      heatSources: 60,
      stations: 10_000,
      indoorSensors: 100_000,
      waterloggingPoints: 1500,
      rainGauges: 200,
    });
    expect(() => cityOptionsForScale(0)).toThrow(RangeError);
    expect(() => cityOptionsForScale(11)).toThrow(RangeError);
    expect(() => cityOptionsForScale(Number.NaN)).toThrow(RangeError);
  });

  it('honours exact counts for tests', () => {
    const small = buildCity(1, {
      heatSources: 2,
      stations: 3,
      indoorSensors: 5,
      waterloggingPoints: 2,
      rainGauges: 1,
    });
    expect(small.assets).toHaveLength(2 + 3 + 5 + 2 + 1);
    expect(small.tunnels).toHaveLength(2);
  });
});

describe('apportion', () => {
  it('shares a total by weight, at least one each, summing exactly', () => {
    expect(apportion(10, [1, 1])).toEqual([5, 5]);
    expect(apportion(10, [3, 1])).toEqual([7, 3]);
    expect(apportion(3, [100, 1, 1])).toEqual([1, 1, 1]);
    expect(apportion(2, [1, 1, 1])).toEqual([1, 1, 1]);
    const counts = apportion(
      20_000,
      Array.from({ length: 2000 }, (_, i) => 0.5 + (i % 7) / 6),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20_000);
  });
});
