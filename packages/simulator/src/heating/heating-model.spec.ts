import { METRICS, checkMetric, type MetricName } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { buildCity } from '../city/city-model.js';
import { HeatingModel, UnknownAssetError } from './heating-model.js';

const NOW = Date.parse('2026-11-26T08:00:00+08:00');
const MINUTE = 60_000;

function byId(readings: { sensorId: string; metrics: Record<string, number> }[]) {
  return new Map(readings.map((r) => [r.sensorId, r.metrics]));
}

describe('HeatingModel', () => {
  const city = buildCity('tianjin');

  it('reports every heating asset with metrics valid for its kind and within the design ranges', () => {
    const model = new HeatingModel(city);
    const readings = model.readingsAt(NOW);
    expect(readings).toHaveLength(306);
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
    expect(touched).toHaveLength(4);
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
