import type { City, CityAsset } from '../city/city-model.js';
import { createRandom, type Random } from '../lib/random.js';
import { round, shanghaiHourOfDay, toShanghaiIso } from '../lib/time.js';
import type { SimReading } from './reading-log.js';

export class UnknownAssetError extends Error {
  override readonly name = 'UnknownAssetError';
}

/** Tianjin winter air: about -5 °C before dawn, +3 °C mid-afternoon. */
export function outdoorTempC(now: number): number {
  return -1 + 4 * Math.sin((2 * Math.PI * (shanghaiHourOfDay(now) - 9)) / 24);
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/** Exponential approach from `from` towards `to` after `elapsedMs` with time constant `tauMs`. */
export function decayTowards(from: number, to: number, elapsedMs: number, tauMs: number): number {
  return to + (from - to) * Math.exp(-Math.max(0, elapsedMs) / tauMs);
}

const PLANT_ROOM_C = 15;
const PIPE_COOLING_TAU_MS = 40 * 60_000;
const BUILDING_COOLING_TAU_MS = 6 * 3_600_000;

interface LoopProfile {
  /** Offset of this loop's supply from the weather curve, °C. */
  supplyBias: number;
  /** Supply minus return at design load, °C. */
  deltaT: number;
  supplyPressure: number;
  returnPressure: number;
  flow: number;
  /** Make-up as a share of circulating flow (well under the ~2 % leak signature). */
  makeupShare: number;
}

interface IndoorProfile {
  base: number;
  stationId: string;
}

export interface HeatingControlState {
  indoorOverrides: Record<string, number>;
  stationOutages: Record<string, string>;
}

/**
 * Heat sources (primary loop, ~95-110 °C supply by a weather curve), exchange stations (secondary loop,
 * ~45-60 °C) and flats (~19-23 °C with a daily wave). Scenario controls override parts of it.
 */
export class HeatingModel {
  private readonly sources = new Map<string, LoopProfile>();
  private readonly stations = new Map<string, LoopProfile>();
  private readonly indoor = new Map<string, IndoorProfile>();
  private readonly indoorOverrides = new Map<string, number>();
  private readonly outagesSince = new Map<string, number>();
  private readonly noise: Random;

  constructor(private readonly city: City) {
    const profiles = createRandom(`${city.seed}/heating-profiles`);
    this.noise = createRandom(`${city.seed}/heating-noise`);
    for (const source of city.heatSources) {
      this.sources.set(source.id, {
        supplyBias: profiles.between(-2, 2),
        deltaT: profiles.between(42, 48),
        supplyPressure: profiles.between(0.52, 0.6),
        returnPressure: profiles.between(0.3, 0.36),
        flow: profiles.between(2500, 6000),
        makeupShare: profiles.between(0.001, 0.003),
      });
    }
    for (const station of city.stations) {
      this.stations.set(station.id, {
        supplyBias: profiles.between(-3, 3),
        deltaT: profiles.between(8, 12),
        supplyPressure: profiles.between(0.45, 0.55),
        returnPressure: profiles.between(0.3, 0.36),
        flow: profiles.between(40, 200),
        makeupShare: profiles.between(0.001, 0.004),
      });
    }
    for (const sensor of city.indoorSensors) {
      this.indoor.set(sensor.id, {
        base: profiles.between(19.8, 22.2),
        stationId: sensor.parentId ?? '',
      });
    }
  }

  /** Force one indoor sensor, or every indoor sensor of a station, to a temperature (null clears). Returns the sensors touched. */
  setIndoorTemp(target: { sensorId?: string; stationId?: string }, tempC: number | null): string[] {
    let sensorIds: string[];
    if (target.sensorId !== undefined) {
      this.requireKind(target.sensorId, 'indoor_sensor');
      sensorIds = [target.sensorId];
    } else if (target.stationId !== undefined) {
      this.requireKind(target.stationId, 'heat_station');
      sensorIds = this.city.indoorSensors
        .filter((s) => s.parentId === target.stationId)
        .map((s) => s.id);
    } else {
      throw new UnknownAssetError('give a sensorId or a stationId');
    }
    for (const id of sensorIds) {
      if (tempC === null) this.indoorOverrides.delete(id);
      else this.indoorOverrides.set(id, tempC);
    }
    return sensorIds;
  }

  /** Stop a station (pump off, loop cooling down, its flats slowly cooling) or start it again. */
  setStationOutage(stationId: string, on: boolean, now: number): void {
    this.requireKind(stationId, 'heat_station');
    if (!on) this.outagesSince.delete(stationId);
    else if (!this.outagesSince.has(stationId)) this.outagesSince.set(stationId, now);
  }

  state(): HeatingControlState {
    return {
      indoorOverrides: Object.fromEntries(this.indoorOverrides),
      stationOutages: Object.fromEntries(
        [...this.outagesSince].map(([id, since]) => [id, toShanghaiIso(since)]),
      ),
    };
  }

  /** The heating assets that report readings (everything but those unknown to the model). */
  get sensorIds(): string[] {
    return [...this.sources.keys(), ...this.stations.keys(), ...this.indoor.keys()];
  }

  /** One reading per heating asset (or per asset in `only`) at `now`. */
  readingsAt(now: number, only?: ReadonlySet<string>): SimReading[] {
    const ts = toShanghaiIso(now);
    const outdoor = outdoorTempC(now);
    const readings: SimReading[] = [];
    const wanted = (id: string) => !only || only.has(id);
    for (const [id, profile] of this.sources) {
      if (!wanted(id)) continue;
      const supply = clamp(100 - 1.2 * outdoor + profile.supplyBias, 95, 110);
      readings.push({ sensorId: id, ts, metrics: this.loopMetrics(profile, supply, null, now) });
    }
    for (const [id, profile] of this.stations) {
      if (!wanted(id)) continue;
      const supply = clamp(52 - 0.9 * outdoor + profile.supplyBias, 45, 60);
      readings.push({
        sensorId: id,
        ts,
        metrics: this.loopMetrics(profile, supply, this.outagesSince.get(id) ?? null, now),
      });
    }
    for (const [id, profile] of this.indoor) {
      if (!wanted(id)) continue;
      readings.push({
        sensorId: id,
        ts,
        metrics: { indoorTempC: round(this.indoorTemp(id, profile, outdoor, now), 2) },
      });
    }
    return readings;
  }

  private loopMetrics(
    profile: LoopProfile,
    normalSupply: number,
    outageSince: number | null,
    now: number,
  ): Record<string, number> {
    const n = (sd: number) => this.noise.normal(0, sd);
    const normalReturn = normalSupply - profile.deltaT;
    if (outageSince !== null) {
      const elapsed = now - outageSince;
      return {
        supplyTempC: round(
          decayTowards(normalSupply, PLANT_ROOM_C, elapsed, PIPE_COOLING_TAU_MS) + n(0.1),
          2,
        ),
        returnTempC: round(
          decayTowards(normalReturn, PLANT_ROOM_C, elapsed, PIPE_COOLING_TAU_MS) + n(0.1),
          2,
        ),
        supplyPressureMPa: round(decayTowards(profile.supplyPressure, 0.25, elapsed, 120_000), 3),
        returnPressureMPa: round(decayTowards(profile.returnPressure, 0.22, elapsed, 120_000), 3),
        flowM3h: 0,
        makeupM3h: 0,
        pumpOn: 0,
      };
    }
    const flow = profile.flow * (1 + n(0.01));
    return {
      supplyTempC: round(normalSupply + n(0.3), 2),
      returnTempC: round(normalReturn + n(0.3), 2),
      supplyPressureMPa: round(profile.supplyPressure + n(0.005), 3),
      returnPressureMPa: round(profile.returnPressure + n(0.005), 3),
      flowM3h: round(flow, 1),
      makeupM3h: round(Math.max(0, flow * profile.makeupShare * (1 + n(0.1))), 3),
      pumpOn: 1,
    };
  }

  private indoorTemp(id: string, profile: IndoorProfile, outdoor: number, now: number): number {
    const forced = this.indoorOverrides.get(id);
    if (forced !== undefined) return forced;
    // Warmest in the evening when everyone is home, coolest before dawn.
    const wave = 0.6 * Math.sin((2 * Math.PI * (shanghaiHourOfDay(now) - 14)) / 24);
    const normal = profile.base + wave + this.noise.normal(0, 0.1);
    const outageSince = this.outagesSince.get(profile.stationId);
    if (outageSince === undefined) return normal;
    return decayTowards(normal, outdoor + 8, now - outageSince, BUILDING_COOLING_TAU_MS);
  }

  private requireKind(id: string, kind: CityAsset['kind']): void {
    const asset = this.city.byId.get(id);
    if (!asset) throw new UnknownAssetError(`no asset ${id}`);
    if (asset.kind !== kind) throw new UnknownAssetError(`${id} is a ${asset.kind}, not a ${kind}`);
  }
}
