import { checkMetric } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { buildScaledCity } from '../city/city-model.js';
import { UnknownAssetError } from '../heating/heating-model.js';
import { DRAIN_CM_PER_H, nextDepthCm, stormShape } from './rain.js';
import { WaterloggingModel } from './waterlogging-model.js';

const START = Date.parse('2026-07-20T14:00:00+08:00');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Metrics = Map<string, Record<string, number>>;
const byId = (readings: { sensorId: string; metrics: Record<string, number> }[]): Metrics =>
  new Map(readings.map((r) => [r.sensorId, r.metrics]));

/** Steps the model every minute from START for `minutes`, returning the readings of each minute. */
function minutes(model: WaterloggingModel, from: number, count: number): Metrics[] {
  return Array.from({ length: count + 1 }, (_, m) => byId(model.step(from + m * MINUTE)));
}

describe('rain and water', () => {
  it('shapes a storm that rises to its peak and eases off, nothing outside its span', () => {
    expect(stormShape(0)).toBe(0);
    expect(stormShape(1)).toBe(0);
    expect(stormShape(-0.1)).toBe(0);
    expect(stormShape(0.4)).toBeCloseTo(1, 6);
    expect(stormShape(0.2)).toBeLessThan(stormShape(0.3));
    expect(stormShape(0.8)).toBeLessThan(stormShape(0.6));
  });

  it('fills a point faster than it drains under heavy rain and drains ~8 cm/h once the rain stops', () => {
    expect(nextDepthCm(0, 60, 8, 0.25)).toBeCloseTo(((8 * 60) / 10 - DRAIN_CM_PER_H) * 0.25, 6);
    expect(nextDepthCm(0, 5, 8, 1)).toBe(0);
    expect(nextDepthCm(20, 0, 8, 1)).toBe(12);
    expect(nextDepthCm(3, 0, 8, 1)).toBe(0);
  });
});

describe('WaterloggingModel', () => {
  const city = buildScaledCity('tianjin');
  const tunnels = new Set(city.tunnels.map((t) => t.id));
  const points = city.waterloggingPoints.map((p) => p.id);

  it('keeps every point dry without rain and drains the batteries slowly', () => {
    const model = new WaterloggingModel(city);
    const first = byId(model.step(START));
    const day = byId(model.step(START + 24 * HOUR));
    for (const id of points) {
      expect(day.get(id)!.depthCm).toBe(0);
      expect(day.get(id)!.rainfallMmH).toBe(0);
      const used = first.get(id)!.batteryPct! - day.get(id)!.batteryPct!;
      expect(used).toBeGreaterThan(0.2);
      expect(used).toBeLessThan(2);
    }
    for (const [id, metrics] of day)
      for (const [name, value] of Object.entries(metrics))
        expect(checkMetric(name, value), `${id} ${name}`).toBeNull();
    expect([...day.values()].some((m) => m.batteryPct! < 25)).toBe(true);
  });

  it('rainstorm: tunnels flood first, points pass 10/15/20/25 cm at different minutes within the storm, then drain', () => {
    const model = new WaterloggingModel(city);
    model.step(START);
    model.setRainstorm({ intensityMmH: 60, districts: null, durationMin: 60 }, START);
    const series = minutes(model, START, 60);
    const firstAbove = (id: string, cm: number) =>
      series.findIndex((m) => m.get(id)!.depthCm! >= cm);

    const tunnelFirst10 = Math.min(
      ...[...tunnels].map((id) => firstAbove(id, 10)).filter((i) => i >= 0),
    );
    const others10 = points
      .filter((id) => !tunnels.has(id))
      .map((id) => firstAbove(id, 10))
      .filter((i) => i >= 0);
    expect(tunnelFirst10).toBeLessThan(30);
    expect(others10.every((i) => i > tunnelFirst10)).toBe(true);
    for (const cm of [10, 15, 20, 25]) {
      const crossings = points.map((id) => firstAbove(id, cm)).filter((i) => i >= 0);
      expect(crossings.length, `${cm} cm`).toBeGreaterThan(2);
      expect(new Set(crossings).size, `${cm} cm at different minutes`).toBeGreaterThan(2);
    }
    // Some points never flood: low roads with good drains.
    expect(points.filter((id) => firstAbove(id, 10) < 0).length).toBeGreaterThan(points.length / 3);

    // The gauges saw the rain rise and ease off.
    const gauge = city.rainGauges[0]!.id;
    const rain = series.map((m) => m.get(gauge)!.rainfallMmH!);
    expect(Math.max(...rain)).toBeGreaterThan(40);
    expect(rain[10]!).toBeLessThan(rain[24]!);
    expect(rain[55]!).toBeLessThan(rain[24]!);

    // After the storm the water goes down at the pumps' pace.
    const deepest = points.reduce((a, b) =>
      series[60]!.get(a)!.depthCm! > series[60]!.get(b)!.depthCm! ? a : b,
    );
    const atEnd = series[60]!.get(deepest)!.depthCm!;
    const hourLater = byId(model.step(START + 2 * HOUR)).get(deepest)!.depthCm!;
    expect(atEnd - hourLater).toBeCloseTo(DRAIN_CM_PER_H, 0);
    expect(model.state().rainstorm).toBeNull();
    expect(byId(model.step(START + 12 * HOUR)).get(deepest)!.depthCm).toBe(0);
  });

  it('rainstorm over named districts: rain and water only there', () => {
    const model = new WaterloggingModel(city);
    model.step(START);
    model.setRainstorm({ intensityMmH: 80, districts: ['120104'], durationMin: 30 }, START);
    const after = minutes(model, START, 20);
    const mid = after[12]!;
    for (const asset of [...city.waterloggingPoints, ...city.rainGauges]) {
      const m = mid.get(asset.id)!;
      if (asset.district === '120104') expect(m.rainfallMmH, asset.id).toBeGreaterThan(20);
      else {
        expect(m.rainfallMmH, asset.id).toBe(0);
        if (m.depthCm !== undefined) expect(m.depthCm, asset.id).toBe(0);
      }
    }
    expect(model.state().rainstorm).toMatchObject({ districts: ['120104'], intensityMmH: 80 });
  });

  it('a steady rain and a forced depth still work as the control endpoints document', () => {
    const model = new WaterloggingModel(city);
    model.step(START);
    model.setRainfall(60);
    const wet = byId(model.step(START + 20 * MINUTE));
    expect(wet.get('WL-0001')!.rainfallMmH).toBeGreaterThan(40);
    expect(wet.get('WL-0001')!.depthCm).toBeGreaterThan(5);
    model.setDepth('WL-0002', 22);
    expect(byId(model.step(START + 21 * MINUTE)).get('WL-0002')!.depthCm).toBe(22);
    model.setDepth('WL-0002', null);
    expect(() => model.setDepth('RG-0001', 5)).toThrow(UnknownAssetError);
  });

  it('rainstorm totals: the defaults reach an orange CMA signal at most gauges, 100 mm/h for two hours a red one', () => {
    const totals = (intensityMmH: number, durationMin: number) => {
      const model = new WaterloggingModel(city);
      model.step(START);
      model.setRainstorm({ intensityMmH, districts: null, durationMin }, START);
      const sums = new Map<string, number>();
      for (const m of minutes(model, START, durationMin))
        for (const gauge of city.rainGauges)
          sums.set(gauge.id, (sums.get(gauge.id) ?? 0) + m.get(gauge.id)!.rainfallMmH! / 60);
      return [...sums.values()];
    };
    const orange = totals(60, 90);
    expect(orange.filter((mm) => mm >= 50).length).toBeGreaterThan(orange.length / 2);
    expect(Math.max(...orange)).toBeLessThan(100);
    const red = totals(100, 120);
    expect(red.filter((mm) => mm >= 100).length).toBeGreaterThan(red.length * 0.8);
  });
});
