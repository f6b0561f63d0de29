import { buildCity, cityOptionsForScale, type City, type CityOptions } from './city/city-model.js';
import { BadData } from './faults/bad-data.js';
import { SensorFaults } from './faults/sensor-faults.js';
import { HeatingModel, UnknownAssetError } from './heating/heating-model.js';
import { ReadingLog } from './heating/reading-log.js';
import { readPage, type ReadingsPage } from './heating/readings-page.js';
import type { Logger } from './lib/logger.js';
import { createRandom } from './lib/random.js';
import { toShanghaiIso } from './lib/time.js';
import { SanitationModel } from './sanitation/sanitation-model.js';
import { summariseTick, type TickSummary } from './summary.js';
import type { ScenarioCommand, ScenarioName } from './scenarios/scenarios.js';
import { WeatherModel } from './weather/weather-model.js';
import type { ReadingPublisher } from './waterlogging/mqtt-publisher.js';
import { WaterloggingModel } from './waterlogging/waterlogging-model.js';

/** Usual sanitation cases per day for the default city (scaled with it, at least 20). */
export const CASES_PER_DAY = 300;
/** The reading log keeps at least this many readings, and at least this many full ticks. */
export const MIN_RING_SIZE = 200_000;
export const RING_TICKS = 5;

export interface SimulationOptions {
  seed: string;
  tickMs: number;
  /** Readings kept for paging (default: the larger of 200 000 and five ticks of the city). */
  ringSize?: number;
  /** Multiplies the default city's counts (1: ~2 000 stations, 20 000 flats, 300 points). */
  scale?: number;
  /** Exact counts instead of a scale (tests). */
  city?: Partial<CityOptions>;
  /** Clock, replaceable in tests. */
  now?: () => number;
  logger: Logger;
  /** Publishes waterlogging readings when set (MQTT_URL). */
  mqtt?: ReadingPublisher | null;
}

export interface TickResult {
  /** Heating readings appended to the log. */
  readings: number;
  /** Sequence number of the newest reading in the log. */
  lastSeq: number;
  waterloggingPublished: number;
}

export interface ActiveScenario {
  name: ScenarioName;
  params: Record<string, unknown>;
  since: string;
}

/** Does an active-scenario key (`name`, or `name:target` for one station or sensor) go with this switch-off? */
export function isSwitchedOff(key: string, name: string, target: string | null): boolean {
  if (key === name) return true;
  return target === null ? key.startsWith(`${name}:`) : key === `${name}:${target}`;
}

/** The simulated city and its clock: every tick appends heating readings and moves water and cases on. */
export class Simulation {
  readonly city: City;
  readonly scale: number;
  readonly weather = new WeatherModel();
  readonly heating: HeatingModel;
  readonly waterlogging: WaterloggingModel;
  readonly sanitation: SanitationModel;
  readonly faults: SensorFaults;
  readonly badData: BadData;
  readonly log: ReadingLog;
  /** Tells this run's cursors from those of an earlier run. */
  readonly runId: string;
  readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private ticks = 0;
  private lastTick: {
    at: string;
    durationMs: number;
    readings: number;
    summary: TickSummary;
  } | null = null;
  /** Scenarios switched on, by name (and target for per-sensor and per-station ones). */
  private readonly active = new Map<string, ActiveScenario>();

  constructor(private readonly options: SimulationOptions) {
    this.now = options.now ?? Date.now;
    this.scale = options.scale ?? 1;
    this.city = buildCity(options.seed, options.city ?? cityOptionsForScale(this.scale));
    this.heating = new HeatingModel(this.city, this.weather);
    this.waterlogging = new WaterloggingModel(this.city);
    this.sanitation = new SanitationModel(this.city, this.now(), {
      casesPerDay: Math.max(20, Math.round(CASES_PER_DAY * this.scale)),
    });
    this.faults = new SensorFaults(this.city.seed);
    this.badData = new BadData(this.city.seed);
    this.log = new ReadingLog(
      options.ringSize ?? Math.max(MIN_RING_SIZE, RING_TICKS * this.heating.sensorCount),
    );
    this.runId = this.now().toString(36);
  }

  /** Produces one tick now. With `sensorIds`, only those heating sensors report (one reading each). */
  async tick(sensorIds?: readonly string[]): Promise<TickResult> {
    const started = performance.now();
    const now = this.now();
    const heating = this.badData.apply(
      this.faults.apply(this.heating.readingsAt(now, sensorIds ? new Set(sensorIds) : undefined)),
      now,
    );
    this.log.append(heating);
    let published = 0;
    if (!sensorIds) {
      this.ticks += 1;
      const water = this.badData.apply(this.faults.apply(this.waterlogging.step(now)), now);
      this.sanitation.step(now);
      if (!this.waterlogging.rainstormActive(now)) this.active.delete('rainstorm');
      this.lastTick = {
        at: toShanghaiIso(now),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        readings: heating.length + water.length,
        summary: summariseTick(heating, water),
      };
      if (this.options.mqtt) {
        await this.options.mqtt.publish('waterlogging', water);
        published = water.length;
      }
    }
    return {
      readings: heating.length,
      lastSeq: this.log.lastSeq,
      waterloggingPublished: published,
    };
  }

  readingsPage(after: string | null, limit: number): ReadingsPage {
    return readPage(this.log, this.runId, after, limit);
  }

  /** Switches a scenario on or off; answers what was applied (defaults filled in, targets picked). */
  setScenario(command: ScenarioCommand): {
    name: ScenarioName;
    on: boolean;
    params: Record<string, unknown>;
  } {
    const now = this.now();
    const { name } = command;
    if (!command.on) {
      const target = 'target' in command ? command.target : null;
      this.switchOff(command.name, target, now);
      for (const key of [...this.active.keys()])
        if (isSwitchedOff(key, name, target)) this.active.delete(key);
      return { name, on: false, params: target ? { target } : {} };
    }
    let key: string = name;
    let params: Record<string, unknown>;
    switch (command.name) {
      case 'rainstorm': {
        const { intensity, districts, durationMin } = command;
        this.waterlogging.setRainstorm({ intensityMmH: intensity, districts, durationMin }, now);
        params = { intensity, districts, durationMin };
        break;
      }
      case 'cold_wave': {
        const { dropC, rampMin } = command;
        this.weather.startColdWave({ dropC, rampMin }, now);
        params = { dropC, rampMin };
        break;
      }
      case 'pipe_leak': {
        const stationId = command.stationId ?? this.defaultLeakStation();
        const { makeupPct, pressureDropMPa } = command;
        this.heating.setLeak(stationId, { makeupPct, pressureDropMPa }, now);
        key = `${name}:${stationId}`;
        params = { stationId, makeupPct, pressureDropMPa };
        break;
      }
      case 'hotline_surge': {
        const { district, rate, clusters } = command;
        this.sanitation.setSurge({ district, ratePerHour: rate, clusters }, now);
        params = { district, rate, clusters };
        break;
      }
      case 'sensor_fault': {
        const { sensorId, mode } = command;
        if (!this.city.byId.has(sensorId)) throw new UnknownAssetError(`no sensor ${sensorId}`);
        this.faults.set(sensorId, mode, now);
        key = `${name}:${sensorId}`;
        params = { sensorId, mode };
        break;
      }
      case 'bad_data':
        this.badData.setShare(command.share);
        this.sanitation.setBrokenShare(command.share);
        params = { share: command.share };
        break;
    }
    this.active.set(key, { name, params, since: toShanghaiIso(now) });
    return { name, on: true, params };
  }

  /** The scenarios switched on now. */
  activeScenarios(): ActiveScenario[] {
    if (!this.waterlogging.rainstormActive(this.now())) this.active.delete('rainstorm');
    return [...this.active.values()];
  }

  private switchOff(name: ScenarioName, target: string | null, now: number): void {
    switch (name) {
      case 'rainstorm':
        return this.waterlogging.setRainstorm(null, now);
      case 'cold_wave':
        return this.weather.endColdWave(now);
      case 'pipe_leak':
        return target ? this.heating.setLeak(target, null, now) : this.heating.clearLeaks();
      case 'hotline_surge':
        return this.sanitation.setSurge(null, now);
      case 'sensor_fault':
        if (target && !this.city.byId.has(target))
          throw new UnknownAssetError(`no sensor ${target}`);
        return target ? this.faults.set(target, null, now) : this.faults.clear();
      case 'bad_data':
        this.badData.setShare(0);
        return this.sanitation.setBrokenShare(0);
    }
  }

  /** The station a pipe_leak without stationId hits: the same one for the same seed. */
  private defaultLeakStation(): string {
    return createRandom(`${this.city.seed}/leak-station`).pick(this.city.stations).id;
  }

  /** Ticks now and then every tickMs until stopped; a tick still publishing makes the next one wait. */
  start(): void {
    if (this.timer) return;
    const run = () => {
      if (this.ticking) {
        this.options.logger.warn('tick skipped: the previous one is still running');
        return;
      }
      this.ticking = true;
      this.tick()
        .catch((err: unknown) => this.options.logger.error('tick failed', { err }))
        .finally(() => {
          this.ticking = false;
        });
    };
    run();
    this.timer = setInterval(run, this.options.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  state() {
    const counts: Record<string, number> = {};
    for (const asset of this.city.assets) counts[asset.kind] = (counts[asset.kind] ?? 0) + 1;
    const now = this.now();
    return {
      seed: this.options.seed,
      scale: this.scale,
      tickMs: this.options.tickMs,
      ticks: this.ticks,
      now: toShanghaiIso(now),
      lastTick: this.lastTick,
      assets: counts,
      tunnels: this.city.tunnels.length,
      readings: {
        oldestSeq: this.log.firstSeq,
        newestSeq: this.log.lastSeq,
        kept: this.log.size,
        capacity: this.log.capacity,
      },
      scenarios: this.activeScenarios(),
      weather: this.weather.state(now),
      heating: this.heating.state(),
      waterlogging: this.waterlogging.state(),
      sanitation: this.sanitation.state(),
      sensorFaults: this.faults.state(),
      badData: this.badData.state(),
      mqtt: Boolean(this.options.mqtt),
    };
  }
}
