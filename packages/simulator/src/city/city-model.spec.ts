import { ASSET_KIND_DOMAIN, findDistrict } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { buildCity } from './city-model.js';

const CENTRAL = ['120101', '120102', '120103', '120104', '120105', '120106'];

describe('buildCity', () => {
  const city = buildCity('tianjin');

  it('builds the same city for the same seed and a different one for another seed', () => {
    expect(buildCity('tianjin').assets).toEqual(city.assets);
    expect(buildCity('other').assets).not.toEqual(city.assets);
  });

  it('has the expected number of each kind with ids in the documented formats', () => {
    expect(city.heatSources).toHaveLength(6);
    expect(city.stations).toHaveLength(60);
    expect(city.indoorSensors).toHaveLength(240);
    expect(city.waterloggingPoints).toHaveLength(30);
    expect(city.rainGauges).toHaveLength(10);
    expect(city.heatSources[0]!.id).toBe('HS-0001');
    expect(city.stations[59]!.id).toBe('ST-0060');
    expect(city.indoorSensors[0]!.id).toBe('IS-0001');
    expect(city.waterloggingPoints[0]!.id).toBe('WL-0001');
    expect(city.rainGauges[9]!.id).toBe('RG-0010');
    expect(new Set(city.assets.map((a) => a.id)).size).toBe(city.assets.length);
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
  });

  it('links each station to a heat source and each indoor sensor to a station', () => {
    for (const station of city.stations)
      expect(city.byId.get(station.parentId!)?.kind).toBe('heat_source');
    for (const sensor of city.indoorSensors)
      expect(city.byId.get(sensor.parentId!)?.kind).toBe('heat_station');
    expect(city.indoorSensors.filter((s) => s.parentId === 'ST-0001')).toHaveLength(4);
    expect(city.heatSources.every((s) => s.parentId === null)).toBe(true);
  });

  it('gives every asset a unique Chinese name and the domain of its kind', () => {
    expect(new Set(city.assets.map((a) => a.name)).size).toBe(city.assets.length);
    for (const asset of city.assets) {
      expect(asset.name).toMatch(/[\u4e00-\u9fff]/);
      expect(asset.domain).toBe(ASSET_KIND_DOMAIN[asset.kind]);
    }
    expect(city.stations[0]!.name).toMatch(/^\S+区 \S+换热站$/);
    expect(city.waterloggingPoints.find((p) => p.kind === 'underpass')!.name).toMatch(/下穿$/);
  });

  it('honours smaller counts for load tests and demos', () => {
    const small = buildCity(1, {
      heatSources: 2,
      stations: 3,
      indoorSensorsPerStation: 1,
      waterloggingPoints: 2,
      rainGauges: 1,
    });
    expect(small.assets).toHaveLength(2 + 3 + 3 + 2 + 1);
  });
});
