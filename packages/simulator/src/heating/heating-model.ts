import type { City, CityAsset } from '../city/city-model.js';
import { createRandom, type Random } from '../lib/random.js';
import { round, shanghaiHourOfDay, toShanghaiIso } from '../lib/time.js';
import { WeatherModel } from '../weather/weather-model.js';
import {
  decayTowards,
  indoorDailyWave,
  indoorEquilibriumC,
  leakEffect,
  loadFactor,
  primarySupplyCurveC,
  secondarySupplyCurveC,
  unheatedEquilibriumC,
} from './heating-physics.js';
import type { SimReading } from './reading-log.js';

export class UnknownAssetError extends Error {
  override readonly name = 'UnknownAssetError';
}

const PLANT_ROOM_C = 15;
/** How fast a loop's supply follows its set point (weather curve, restart). */
const SUPPLY_TAU_MS = 20 * 60_000;
/** How fast a stopped loop's water cools. */
const PIPE_COOLING_TAU_MS = 40 * 60_000;
/** How fast the flats of a stopped station cool. */
const BUILDING_COOLING_TAU_MS = 6 * 3_600_000;
const STATIC_PRESSURE_TAU_MS = 120_000;

interface LoopProfile {
  /** Offset of this loop's supply from the weather curve, °C. */
  supplyBias: number;
  /** Supply minus return at design load, °C. */
  deltaT: number;
  /** Highest supply the loop can deliver (a poorly served station tops out early in a cold wave). */
  maxSupplyC: number;
  supplyPressure: number;
  returnPressure: number;
  flow: number;
  /** Make-up as a share of circulating flow (well under the ~2 % leak signature). */
  makeupShare: number;
}

interface Loop {
  id: string;
  primary: boolean;
  profile: LoopProfile;
  supplyC: number;
  returnC: number;
}

interface Flat {
  id: string;
  station: Loop;
  /** Usual temperature, °C. */
  base: number;
  /** °C lost per °C of supply shortfall. */
  exposure: number;
  /** Time constant of the flat's heat balance. */
  tauMs: number;
  tempC: number;
}

export interface LeakParams {
  makeupPct: number;
  pressureDropMPa: number;
}

export interface HeatingControlState {
  indoorOverrides: Record<string, number>;
  stationOutages: Record<string, string>;
  leaks: Record<string, LeakParams & { since: string }>;
}

function loopProfile(random: Random, primary: boolean): LoopProfile {
  if (primary) {
    return {
      supplyBias: random.between(-2, 2),
      deltaT: random.between(42, 48),
      maxSupplyC: 125,
      supplyPressure: random.between(0.52, 0.6),
      returnPressure: random.between(0.3, 0.36),
      flow: random.between(2500, 6000),
      makeupShare: random.between(0.001, 0.003),
    };
  }
  // One station in seven is poorly served (undersized exchanger, end of the network): it can just
  // follow the curve in a normal winter (the curve tops out near 60.5 °C) but not in a cold wave.
  const poorlyServed = random.next() < 0.15;
  return {
    supplyBias: random.between(-3, 3),
    deltaT: random.between(8, 12),
    maxSupplyC: poorlyServed ? random.between(61, 64) : random.between(68, 80),
    supplyPressure: random.between(0.45, 0.55),
    returnPressure: random.between(0.3, 0.36),
    flow: random.between(40, 200),
    makeupShare: random.between(0.001, 0.004),
  };
}

/**
 * Heat sources (primary loop, ~95-125 °C supply by a weather curve), exchange stations (secondary
 * loop, ~45-60 °C in a normal winter, following the curve with a lag) and flats (~19-23 °C with a daily
 * wave, sagging when their station cannot deliver). State moves on with the clock; scenario controls
 * override parts of it.
 */
export class HeatingModel {
  private readonly loops: Loop[] = [];
  private readonly loopsById = new Map<string, Loop>();
  private readonly flats: Flat[] = [];
  private readonly flatsByStation = new Map<string, Flat[]>();
  private readonly indoorOverrides = new Map<string, number>();
  private readonly outagesSince = new Map<string, number>();
  private readonly leaks = new Map<string, LeakParams & { since: number }>();
  private readonly noise: Random;
  private lastAt: number | null = null;

  constructor(
    private readonly city: City,
    readonly weather: WeatherModel = new WeatherModel(),
  ) {
    const profiles = createRandom(`${city.seed}/heating-profiles`);
    this.noise = createRandom(`${city.seed}/heating-noise`);
    for (const asset of [...city.heatSources, ...city.stations]) {
      const primary = asset.kind === 'heat_source';
      const loop: Loop = {
        id: asset.id,
        primary,
        profile: loopProfile(profiles, primary),
        supplyC: 0,
        returnC: 0,
      };
      this.loops.push(loop);
      this.loopsById.set(asset.id, loop);
    }
    for (const sensor of city.indoorSensors) {
      const station = this.loopsById.get(sensor.parentId ?? '');
      if (!station) continue;
      // About one flat in eight is exposed (top floor, corner, old windows): it feels a shortfall most.
      const exposed = profiles.next() < 0.12;
      const flat: Flat = {
        id: sensor.id,
        station,
        base: profiles.between(19.8, 22.2),
        exposure: exposed ? profiles.between(0.45, 0.8) : profiles.between(0.08, 0.25),
        tauMs: (exposed ? profiles.between(2.5, 4) : profiles.between(4, 7)) * 3_600_000,
        tempC: 0,
      };
      this.flats.push(flat);
      const list = this.flatsByStation.get(station.id) ?? [];
      list.push(flat);
      this.flatsByStation.set(station.id, list);
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
      sensorIds = (this.flatsByStation.get(target.stationId) ?? []).map((f) => f.id);
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

  /** Start a leak on a station's (or a heat source's) loop, or repair it (null). */
  setLeak(loopId: string, leak: LeakParams | null, now: number): void {
    const asset = this.city.byId.get(loopId);
    if (!asset || (asset.kind !== 'heat_station' && asset.kind !== 'heat_source'))
      throw new UnknownAssetError(`${loopId} is not a heat station or heat source`);
    if (leak === null) this.leaks.delete(loopId);
    else this.leaks.set(loopId, { ...leak, since: this.leaks.get(loopId)?.since ?? now });
  }

  clearLeaks(): void {
    this.leaks.clear();
  }

  state(): HeatingControlState {
    return {
      indoorOverrides: Object.fromEntries(this.indoorOverrides),
      stationOutages: Object.fromEntries(
        [...this.outagesSince].map(([id, since]) => [id, toShanghaiIso(since)]),
      ),
      leaks: Object.fromEntries(
        [...this.leaks].map(([id, { since, ...leak }]) => [
          id,
          { ...leak, since: toShanghaiIso(since) },
        ]),
      ),
    };
  }

  /** The heating assets that report readings. */
  get sensorIds(): string[] {
    return [...this.loops.map((l) => l.id), ...this.flats.map((f) => f.id)];
  }

  get sensorCount(): number {
    return this.loops.length + this.flats.length;
  }

  /** Moves loops and flats on to `now` (a clock that went back changes nothing). */
  advance(now: number): void {
    const outdoor = this.weather.outdoorTempC(now);
    if (this.lastAt === null) {
      this.settle(outdoor);
      this.lastAt = now;
      return;
    }
    const elapsed = now - this.lastAt;
    if (elapsed <= 0) return;
    this.lastAt = now;
    for (const loop of this.loops) {
      const stopped = this.outagesSince.has(loop.id);
      const tau = stopped ? PIPE_COOLING_TAU_MS : SUPPLY_TAU_MS;
      const supplyTarget = stopped ? PLANT_ROOM_C : this.supplySetPoint(loop, outdoor);
      const returnTarget = stopped
        ? PLANT_ROOM_C
        : supplyTarget - loop.profile.deltaT * loadFactor(outdoor);
      loop.supplyC = decayTowards(loop.supplyC, supplyTarget, elapsed, tau);
      loop.returnC = decayTowards(loop.returnC, returnTarget, elapsed, tau);
    }
    for (const flat of this.flats) {
      const stopped = this.outagesSince.has(flat.station.id);
      const target = stopped ? unheatedEquilibriumC(outdoor) : this.flatEquilibrium(flat, outdoor);
      flat.tempC = decayTowards(
        flat.tempC,
        target,
        elapsed,
        stopped ? BUILDING_COOLING_TAU_MS : flat.tauMs,
      );
    }
  }

  /** One reading per heating asset (or per asset in `only`) at `now`. */
  readingsAt(now: number, only?: ReadonlySet<string>): SimReading[] {
    this.advance(now);
    const ts = toShanghaiIso(now);
    const wave = indoorDailyWave(shanghaiHourOfDay(now));
    const readings: SimReading[] = [];
    for (const loop of this.loops) {
      if (only && !only.has(loop.id)) continue;
      readings.push({ sensorId: loop.id, ts, metrics: this.loopMetrics(loop, now) });
    }
    for (const flat of this.flats) {
      if (only && !only.has(flat.id)) continue;
      const forced = this.indoorOverrides.get(flat.id);
      const tempC = forced ?? round(flat.tempC + wave + this.noise.normal(0, 0.1), 2);
      readings.push({ sensorId: flat.id, ts, metrics: { indoorTempC: tempC } });
    }
    return readings;
  }

  /** Steady state for the weather at the first tick: loops on their curve, flats at their usual temperature. */
  private settle(outdoor: number): void {
    for (const loop of this.loops) {
      loop.supplyC = this.supplySetPoint(loop, outdoor);
      loop.returnC = loop.supplyC - loop.profile.deltaT * loadFactor(outdoor);
    }
    for (const flat of this.flats) flat.tempC = this.flatEquilibrium(flat, outdoor);
  }

  private curveC(loop: Loop, outdoor: number): number {
    const curve = loop.primary ? primarySupplyCurveC(outdoor) : secondarySupplyCurveC(outdoor);
    return curve + loop.profile.supplyBias;
  }

  private supplySetPoint(loop: Loop, outdoor: number): number {
    return Math.min(this.curveC(loop, outdoor), loop.profile.maxSupplyC);
  }

  private flatEquilibrium(flat: Flat, outdoor: number): number {
    const shortfall = this.curveC(flat.station, outdoor) - flat.station.supplyC;
    return indoorEquilibriumC(flat.base, flat.exposure, shortfall);
  }

  private loopMetrics(loop: Loop, now: number): Record<string, number> {
    const { profile } = loop;
    const n = (sd: number) => this.noise.normal(0, sd);
    const outageSince = this.outagesSince.get(loop.id);
    if (outageSince !== undefined) {
      const elapsed = now - outageSince;
      return {
        supplyTempC: round(loop.supplyC + n(0.1), 2),
        returnTempC: round(loop.returnC + n(0.1), 2),
        supplyPressureMPa: round(
          decayTowards(profile.supplyPressure, 0.25, elapsed, STATIC_PRESSURE_TAU_MS),
          3,
        ),
        returnPressureMPa: round(
          decayTowards(profile.returnPressure, 0.22, elapsed, STATIC_PRESSURE_TAU_MS),
          3,
        ),
        flowM3h: 0,
        makeupM3h: 0,
        pumpOn: 0,
      };
    }
    const leak = this.leaks.get(loop.id);
    const { extraMakeupShare, pressureDropMPa } = leak
      ? leakEffect(now - leak.since, leak)
      : { extraMakeupShare: 0, pressureDropMPa: 0 };
    const flow = profile.flow * (1 + n(0.01));
    const makeup = flow * (profile.makeupShare * (1 + n(0.1)) + extraMakeupShare);
    return {
      supplyTempC: round(loop.supplyC + n(0.3), 2),
      returnTempC: round(loop.returnC + n(0.3), 2),
      supplyPressureMPa: round(
        Math.max(0.05, profile.supplyPressure - pressureDropMPa + n(0.005)),
        3,
      ),
      returnPressureMPa: round(
        Math.max(0.03, profile.returnPressure - pressureDropMPa + n(0.005)),
        3,
      ),
      flowM3h: round(flow, 1),
      makeupM3h: round(Math.max(0, makeup), 3),
      pumpOn: 1,
    };
  }

  private requireKind(id: string, kind: CityAsset['kind']): void {
    const asset = this.city.byId.get(id);
    if (!asset) throw new UnknownAssetError(`no asset ${id}`);
    if (asset.kind !== kind) throw new UnknownAssetError(`${id} is a ${asset.kind}, not a ${kind}`);
  }
}
