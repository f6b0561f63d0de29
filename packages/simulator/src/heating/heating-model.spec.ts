import { METRICS, checkMetric, type MetricName } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { buildScaledCity } from '../city/city-model.js';
import { WeatherModel } from '../weather/weather-model.js';
import { HeatingModel, UnknownAssetError } from './heating-model.js';

const NOW = Date.parse('2026-11-26T08:00:00+08:00');
const MINUTE = 60_000;

function byId(readings: { sensorId: string; metrics: Record<string, number> }[]) {
  return new Map(readings.map((r) => [r.sensorId, r.metrics]));
}

const HOUR = 60 * MINUTE;

describe('HeatingModel', () => {
  const city = buildScaledCity('tianjin', 0.01);

  it('reports every heating asset with metrics valid for its kind and within the design ranges', () => {
    const model = new HeatingModel(city);
    const readings = model.readingsAt(NOW);
    expect(readings).toHaveLength(2 + 20 + 200);
    expect(readings[0]!.ts).toBe('2026-11-26T08:00:00.000+08:00');
    for (const { sensorId, metrics } of readings) {
      const kind = city.byId.get(sensorId)!.kind;
      for (const [name, value] of Object.entries(metrics)) {
        expect(checkMetric(name, value), `${sensorId} ${name}=${value}`).toBeNull();
        expect(METRICS[name as MetricName].kinds as readonly string[]).toContain(kind);
      }
    }
    const metrics = byId(readings);
    const source = metrics.get('HS-0001')!;
    expect(source.supplyTempC).toBeGreaterThan(93);
    expect(source.supplyTempC).toBeLessThan(112);
    const station = metrics.get('ST-0001')!;
    expect(station.supplyTempC).toBeGreaterThan(43);
    expect(station.supplyTempC).toBeLessThan(62);
    expect(station.returnTempC).toBeLessThan(station.supplyTempC!);
    expect(station.supplyPressureMPa).toBeGreaterThan(0.3);
    expect(station.supplyPressureMPa).toBeLessThan(0.6);
    expect(station.pumpOn).toBe(1);
    expect(station.makeupM3h! / station.flowM3h!).toBeLessThan(0.02);
    const indoor = readings
      .filter((r) => r.sensorId.startsWith('IS-'))
      .map((r) => r.metrics.indoorTempC!);
    expect(Math.min(...indoor)).toBeGreaterThan(18.5);
    expect(Math.max(...indoor)).toBeLessThan(23.5);
  });

  it('produces the same readings for the same seed and clock', () => {
    expect(new HeatingModel(city).readingsAt(NOW)).toEqual(new HeatingModel(city).readingsAt(NOW));
  });

  it('holds a forced indoor temperature exactly until it is cleared', () => {
    const model = new HeatingModel(city);
    expect(model.setIndoorTemp({ sensorId: 'IS-0001' }, 15.2)).toEqual(['IS-0001']);
    expect(byId(model.readingsAt(NOW)).get('IS-0001')).toEqual({ indoorTempC: 15.2 });
    expect(model.state().indoorOverrides).toEqual({ 'IS-0001': 15.2 });
    model.setIndoorTemp({ sensorId: 'IS-0001' }, null);
    expect(byId(model.readingsAt(NOW)).get('IS-0001')!.indoorTempC).toBeGreaterThan(18.5);
  });

  it('forces every indoor sensor of a station at once', () => {
    const model = new HeatingModel(city);
    const touched = model.setIndoorTemp({ stationId: 'ST-0002' }, 14);
    expect(touched).toEqual(
      city.indoorSensors.filter((s) => s.parentId === 'ST-0002').map((s) => s.id),
    );
    expect(touched.length).toBeGreaterThan(3);
    const metrics = byId(model.readingsAt(NOW));
    for (const id of touched) expect(metrics.get(id)).toEqual({ indoorTempC: 14 });
  });

  it('stops a station: pump off, no flow, loop and flats cooling over time, back to normal when restarted', () => {
    const model = new HeatingModel(city);
    const before = byId(model.readingsAt(NOW)).get('ST-0003')!;
    model.setStationOutage('ST-0003', true, NOW);
    const after10 = byId(model.readingsAt(NOW + 10 * MINUTE));
    const after60 = byId(model.readingsAt(NOW + 60 * MINUTE));
    expect(after10.get('ST-0003')).toMatchObject({ pumpOn: 0, flowM3h: 0, makeupM3h: 0 });
    expect(after10.get('ST-0003')!.supplyTempC).toBeLessThan(before.supplyTempC!);
    expect(after60.get('ST-0003')!.supplyTempC).toBeLessThan(after10.get('ST-0003')!.supplyTempC!);
    const flat = city.indoorSensors.find((s) => s.parentId === 'ST-0003')!.id;
    const later = byId(model.readingsAt(NOW + 4 * 60 * MINUTE)).get(flat)!.indoorTempC!;
    expect(later).toBeLessThan(18);
    model.setStationOutage('ST-0003', false, NOW);
    expect(byId(model.readingsAt(NOW + 61 * MINUTE)).get('ST-0003')!.pumpOn).toBe(1);
  });

  it('refuses ids that are unknown or of the wrong kind', () => {
    const model = new HeatingModel(city);
    expect(() => model.setIndoorTemp({ sensorId: 'IS-9999' }, 15)).toThrow(UnknownAssetError);
    expect(() => model.setIndoorTemp({ sensorId: 'ST-0001' }, 15)).toThrow(UnknownAssetError);
    expect(() => model.setStationOutage('IS-0001', true, NOW)).toThrow(UnknownAssetError);
  });

  it('limits a tick to the sensors asked for', () => {
    const readings = new HeatingModel(city).readingsAt(NOW, new Set(['IS-0007', 'ST-0001']));
    expect(readings.map((r) => r.sensorId).sort()).toEqual(['IS-0007', 'ST-0001']);
  });
});

/** Steps the model every `stepMin` minutes for `hours`, calling `each` with the readings by id. */
function run(
  model: HeatingModel,
  from: number,
  hours: number,
  stepMin: number,
  each: (metrics: Map<string, Record<string, number>>, at: number) => void,
): void {
  for (let at = from; at <= from + hours * HOUR; at += stepMin * MINUTE)
    each(byId(model.readingsAt(at)), at);
}

describe('HeatingModel over time', () => {
  const city = buildScaledCity('tianjin', 0.1);
  const flats = city.indoorSensors.map((s) => s.id);
  const MIDNIGHT = Date.parse('2026-11-26T00:00:00+08:00');

  it('keeps every flat at 18 °C or more through an ordinary winter day and night', () => {
    const model = new HeatingModel(city);
    let coldest = Infinity;
    run(model, MIDNIGHT, 24, 10, (metrics) => {
      for (const id of flats) coldest = Math.min(coldest, metrics.get(id)!.indoorTempC!);
    });
    expect(coldest).toBeGreaterThan(18.2);
  });

  it('runs the stations hotter before dawn than in the afternoon (weather compensation)', () => {
    const model = new HeatingModel(city);
    const supply = new Map<number, number>();
    run(model, MIDNIGHT, 16, 10, (metrics, at) => {
      supply.set(at, metrics.get('ST-0001')!.supplyTempC!);
    });
    expect(supply.get(MIDNIGHT + 5 * HOUR)!).toBeGreaterThan(supply.get(MIDNIGHT + 15 * HOUR)! + 5);
  });

  it('cold wave: supply chases the weather curve with a lag and poorly served flats sag below 18 °C, a few below 12 °C', () => {
    const weather = new WeatherModel();
    const model = new HeatingModel(city, weather);
    const start = MIDNIGHT + 12 * HOUR;
    const before = byId(model.readingsAt(start)).get('ST-0001')!.supplyTempC!;
    weather.startColdWave({ dropC: 12, rampMin: 120 }, start);
    const soon = byId(model.readingsAt(start + 30 * MINUTE)).get('ST-0001')!.supplyTempC!;
    const later = byId(model.readingsAt(start + 4 * HOUR)).get('ST-0001')!.supplyTempC!;
    expect(weather.outdoorTempC(start + 4 * HOUR)).toBeLessThan(-8);
    expect(soon - before).toBeLessThan(later - before);
    expect(later - before).toBeGreaterThan(8);

    const coldest = new Map<string, number>();
    run(model, start + 4 * HOUR, 20, 10, (metrics) => {
      for (const id of flats)
        coldest.set(id, Math.min(coldest.get(id) ?? Infinity, metrics.get(id)!.indoorTempC!));
    });
    const mins = [...coldest.values()];
    const below18 = mins.filter((t) => t < 18).length;
    const below12 = mins.filter((t) => t < 12).length;
    expect(below18).toBeGreaterThan(flats.length * 0.02);
    expect(below18).toBeLessThan(flats.length * 0.5);
    expect(below12).toBeGreaterThan(0);
    expect(below12).toBeLessThan(below18 / 2);
  });

  it('cold wave over: the air warms back and the flats recover', () => {
    const weather = new WeatherModel();
    const model = new HeatingModel(city, weather);
    const start = MIDNIGHT;
    model.readingsAt(start);
    weather.startColdWave({ dropC: 15, rampMin: 60 }, start);
    run(model, start, 12, 10, () => {});
    weather.endColdWave(start + 12 * HOUR);
    let coldest = Infinity;
    run(model, start + 36 * HOUR, 6, 10, (metrics) => {
      for (const id of flats) coldest = Math.min(coldest, metrics.get(id)!.indoorTempC!);
    });
    expect(coldest).toBeGreaterThan(18);
  });

  it('pipe leak: make-up water climbs above 2 % of the circulating flow and pressure falls, until repaired', () => {
    const model = new HeatingModel(city);
    const start = MIDNIGHT + 10 * HOUR;
    const before = byId(model.readingsAt(start));
    model.setLeak('ST-0007', { makeupPct: 4, pressureDropMPa: 0.1 }, start);
    const after = byId(model.readingsAt(start + 30 * MINUTE));
    const leaking = after.get('ST-0007')!;
    expect(before.get('ST-0007')!.makeupM3h! / before.get('ST-0007')!.flowM3h!).toBeLessThan(0.01);
    expect(leaking.makeupM3h! / leaking.flowM3h!).toBeGreaterThan(0.02);
    expect(leaking.supplyPressureMPa!).toBeLessThan(
      before.get('ST-0007')!.supplyPressureMPa! - 0.05,
    );
    expect(leaking.returnPressureMPa!).toBeLessThan(
      before.get('ST-0007')!.returnPressureMPa! - 0.05,
    );
    const neighbour = after.get('ST-0008')!;
    expect(neighbour.makeupM3h! / neighbour.flowM3h!).toBeLessThan(0.01);
    expect(model.state().leaks['ST-0007']).toMatchObject({ makeupPct: 4 });

    model.setLeak('ST-0007', null, start + HOUR);
    const repaired = byId(model.readingsAt(start + HOUR)).get('ST-0007')!;
    expect(repaired.makeupM3h! / repaired.flowM3h!).toBeLessThan(0.01);
    expect(() => model.setLeak('IS-0001', { makeupPct: 4, pressureDropMPa: 0.1 }, start)).toThrow(
      UnknownAssetError,
    );
  });
});
