import type { City } from '../city/city-model.js';
import { UnknownAssetError } from '../heating/heating-model.js';
import type { SimReading } from '../heating/reading-log.js';
import { createRandom, type Random } from '../lib/random.js';
import { round, toShanghaiIso } from '../lib/time.js';

/** Water drains off a dry underpass at about this rate. */
const DRAIN_CM_PER_H = 8;

interface PointState {
  depthCm: number;
  batteryPct: number;
  /** Underpasses collect the runoff of the ramps around them; a low road less. */
  catchment: number;
  rainFactor: number;
  reportsDepth: boolean;
}

export interface WaterloggingControlState {
  rainfallMmH: number;
  depthOverrides: Record<string, number>;
}

/**
 * Flood-prone points and rain gauges. Rain (set through the control API, dry by default) fills the
 * underpasses faster than they drain; a depth can also be forced for a scenario.
 */
export class WaterloggingModel {
  private readonly points = new Map<string, PointState>();
  private readonly depthOverrides = new Map<string, number>();
  private rainfallMmH = 0;
  private lastStepAt: number | null = null;
  private readonly noise: Random;

  constructor(private readonly city: City) {
    const profiles = createRandom(`${city.seed}/waterlogging-profiles`);
    this.noise = createRandom(`${city.seed}/waterlogging-noise`);
    for (const point of city.waterloggingPoints) {
      this.points.set(point.id, {
        depthCm: 0,
        batteryPct: profiles.between(60, 100),
        catchment: point.kind === 'underpass' ? profiles.between(1.2, 2) : profiles.between(0.6, 1),
        rainFactor: profiles.between(0.8, 1.2),
        reportsDepth: true,
      });
    }
    for (const gauge of city.rainGauges) {
      this.points.set(gauge.id, {
        depthCm: 0,
        batteryPct: profiles.between(60, 100),
        catchment: 0,
        rainFactor: profiles.between(0.9, 1.1),
        reportsDepth: false,
      });
    }
  }

  setRainfall(mmH: number): void {
    this.rainfallMmH = Math.max(0, mmH);
  }

  setDepth(sensorId: string, depthCm: number | null): void {
    const asset = this.city.byId.get(sensorId);
    if (!asset || (asset.kind !== 'underpass' && asset.kind !== 'low_road')) {
      throw new UnknownAssetError(`${sensorId} is not an underpass or low road`);
    }
    if (depthCm === null) this.depthOverrides.delete(sensorId);
    else this.depthOverrides.set(sensorId, depthCm);
  }

  state(): WaterloggingControlState {
    return {
      rainfallMmH: this.rainfallMmH,
      depthOverrides: Object.fromEntries(this.depthOverrides),
    };
  }

  /** Advances the water to `now` and reports every point and gauge. */
  step(now: number): SimReading[] {
    const hours = this.lastStepAt === null ? 0 : Math.max(0, now - this.lastStepAt) / 3_600_000;
    this.lastStepAt = now;
    const ts = toShanghaiIso(now);
    const readings: SimReading[] = [];
    for (const [id, point] of this.points) {
      const rain =
        this.rainfallMmH > 0
          ? Math.max(0, this.rainfallMmH * point.rainFactor + this.noise.normal(0, 0.5))
          : 0;
      point.depthCm = Math.max(
        0,
        point.depthCm + (rain * 0.5 * point.catchment - DRAIN_CM_PER_H) * hours,
      );
      point.batteryPct = Math.max(5, point.batteryPct - 0.2 * hours);
      const metrics: Record<string, number> = {
        rainfallMmH: round(rain, 1),
        batteryPct: round(point.batteryPct, 1),
      };
      if (point.reportsDepth)
        metrics.depthCm = round(this.depthOverrides.get(id) ?? point.depthCm, 1);
      readings.push({ sensorId: id, ts, metrics });
    }
    return readings;
  }
}
