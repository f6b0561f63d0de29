import type { DistrictCode } from '@cityops/contracts';
import type { City } from '../city/city-model.js';
import { UnknownAssetError } from '../heating/heating-model.js';
import type { SimReading } from '../heating/reading-log.js';
import { createRandom, type Random } from '../lib/random.js';
import { round, toShanghaiIso } from '../lib/time.js';
import { nextDepthCm, stormShape } from './rain.js';

/** Integration step: a tick longer than this (a test jumping the clock) is cut into steps. */
const MAX_STEP_MS = 60_000;

interface PointState {
  id: string;
  district: DistrictCode;
  depthCm: number;
  batteryPct: number;
  /** Battery used per hour, % (months of life). */
  drainPctPerH: number;
  /** Catchment area over the point's own area: tunnels 6-12, other underpasses 3-6, low roads 1-3. */
  runoffRatio: number;
  /** The local share of the storm (0.75-1.25): rain is never the same on every street. */
  rainFactor: number;
  reportsDepth: boolean;
}

export interface Rainstorm {
  /** Peak intensity, mm/h. */
  intensityMmH: number;
  /** Districts it rains on; null for the whole city. */
  districts: DistrictCode[] | null;
  durationMin: number;
}

export interface WaterloggingControlState {
  rainfallMmH: number;
  depthOverrides: Record<string, number>;
  rainstorm: (Rainstorm & { since: string; endsAt: string }) | null;
}

/**
 * Flood-prone points and rain gauges. Rain (a steady rate set through the control API and/or a
 * rainstorm with a rise and fall, dry by default) fills the tunnels first, then the other underpasses
 * and low roads, faster than the pumps drain them; a depth can also be forced for a scenario.
 */
export class WaterloggingModel {
  private readonly points: PointState[] = [];
  private readonly depthOverrides = new Map<string, number>();
  private rainfallMmH = 0;
  private storm: (Rainstorm & { since: number }) | null = null;
  private lastStepAt: number | null = null;
  private readonly noise: Random;

  constructor(private readonly city: City) {
    const profiles = createRandom(`${city.seed}/waterlogging-profiles`);
    this.noise = createRandom(`${city.seed}/waterlogging-noise`);
    const tunnels = new Set(city.tunnels.map((t) => t.id));
    for (const asset of [...city.waterloggingPoints, ...city.rainGauges]) {
      const runoffRatio = tunnels.has(asset.id)
        ? profiles.between(6, 12)
        : asset.kind === 'underpass'
          ? profiles.between(3, 6)
          : asset.kind === 'low_road'
            ? profiles.between(1, 3)
            : 0;
      // A few sensors run on old batteries and will soon need a visit.
      const batteryPct =
        profiles.next() < 0.04 ? profiles.between(12, 25) : profiles.between(55, 100);
      this.points.push({
        id: asset.id,
        district: asset.district,
        depthCm: 0,
        batteryPct,
        drainPctPerH: profiles.between(0.02, 0.06),
        runoffRatio,
        rainFactor: profiles.between(0.75, 1.25),
        reportsDepth: asset.kind !== 'rain_gauge',
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

  /** Starts a rainstorm now (replacing one under way), or stops it (null): the water then drains. */
  setRainstorm(storm: Rainstorm | null, now: number): void {
    this.storm = storm ? { ...storm, since: now } : null;
  }

  /** Is a rainstorm still raining at `now`? */
  rainstormActive(now: number): boolean {
    return this.storm !== null && now < this.storm.since + this.storm.durationMin * 60_000;
  }

  state(): WaterloggingControlState {
    const storm = this.storm;
    return {
      rainfallMmH: this.rainfallMmH,
      depthOverrides: Object.fromEntries(this.depthOverrides),
      rainstorm: storm
        ? {
            intensityMmH: storm.intensityMmH,
            districts: storm.districts,
            durationMin: storm.durationMin,
            since: toShanghaiIso(storm.since),
            endsAt: toShanghaiIso(storm.since + storm.durationMin * 60_000),
          }
        : null,
    };
  }

  /** Rain falling on a point at `at`, before its local factor: the steady rate plus the storm. */
  private rainAt(point: PointState, at: number): number {
    let rain = this.rainfallMmH;
    const storm = this.storm;
    if (storm && (storm.districts === null || storm.districts.includes(point.district))) {
      const progress = (at - storm.since) / (storm.durationMin * 60_000);
      rain += storm.intensityMmH * stormShape(progress);
    }
    return rain * point.rainFactor;
  }

  /** Advances the water to `now` and reports every point and gauge. */
  step(now: number): SimReading[] {
    const from = this.lastStepAt ?? now;
    this.lastStepAt = Math.max(from, now);
    const elapsed = Math.max(0, now - from);
    const steps = Math.max(1, Math.ceil(elapsed / MAX_STEP_MS));
    const ts = toShanghaiIso(now);
    const readings: SimReading[] = [];
    for (const point of this.points) {
      for (let s = 1; s <= steps && elapsed > 0; s++) {
        const at = from + (elapsed * s) / steps;
        point.depthCm = nextDepthCm(
          point.depthCm,
          this.rainAt(point, at),
          point.runoffRatio,
          elapsed / steps / 3_600_000,
        );
      }
      point.batteryPct = Math.max(1, point.batteryPct - (point.drainPctPerH * elapsed) / 3_600_000);
      const rainNow = this.rainAt(point, now);
      const rain = rainNow > 0 ? Math.max(0, rainNow + this.noise.normal(0, 0.5)) : 0;
      const metrics: Record<string, number> = {
        rainfallMmH: round(rain, 1),
        batteryPct: round(point.batteryPct, 1),
      };
      if (point.reportsDepth)
        metrics.depthCm = round(this.depthOverrides.get(point.id) ?? point.depthCm, 1);
      readings.push({ sensorId: point.id, ts, metrics });
    }
    if (this.storm && !this.rainstormActive(now)) this.storm = null;
    return readings;
  }
}
