import { buildCity, type City, type CityOptions } from './city/city-model.js';
import { HeatingModel } from './heating/heating-model.js';
import { ReadingLog } from './heating/reading-log.js';
import { readPage, type ReadingsPage } from './heating/readings-page.js';
import type { Logger } from './lib/logger.js';
import { toShanghaiIso } from './lib/time.js';
import { SanitationModel } from './sanitation/sanitation-model.js';
import type { MqttReadingPublisher } from './waterlogging/mqtt-publisher.js';
import { WaterloggingModel } from './waterlogging/waterlogging-model.js';

export interface SimulationOptions {
  seed: string;
  tickMs: number;
  ringSize: number;
  city?: Partial<CityOptions>;
  /** Clock, replaceable in tests. */
  now?: () => number;
  logger: Logger;
  /** Publishes waterlogging readings when set (MQTT_URL). */
  mqtt?: MqttReadingPublisher | null;
}

export interface TickResult {
  /** Heating readings appended to the log. */
  readings: number;
  /** Sequence number of the newest reading in the log. */
  lastSeq: number;
  waterloggingPublished: number;
}

/** The simulated city and its clock: every tick appends heating readings and moves water and cases on. */
export class Simulation {
  readonly city: City;
  readonly heating: HeatingModel;
  readonly waterlogging: WaterloggingModel;
  readonly sanitation: SanitationModel;
  readonly log: ReadingLog;
  /** Tells this run's cursors from those of an earlier run. */
  readonly runId: string;
  readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;

  constructor(private readonly options: SimulationOptions) {
    this.now = options.now ?? Date.now;
    this.city = buildCity(options.seed, options.city);
    this.heating = new HeatingModel(this.city);
    this.waterlogging = new WaterloggingModel(this.city);
    this.sanitation = new SanitationModel(this.city, this.now());
    this.log = new ReadingLog(options.ringSize);
    this.runId = this.now().toString(36);
  }

  /** Produces one tick now. With `sensorIds`, only those heating sensors report (one reading each). */
  async tick(sensorIds?: readonly string[]): Promise<TickResult> {
    const now = this.now();
    const heating = this.heating.readingsAt(now, sensorIds ? new Set(sensorIds) : undefined);
    this.log.append(heating);
    let published = 0;
    if (!sensorIds) {
      this.ticks += 1;
      const water = this.waterlogging.step(now);
      this.sanitation.step(now);
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

  /** Ticks now and then every tickMs until stopped. */
  start(): void {
    if (this.timer) return;
    const run = () =>
      void this.tick().catch((err: unknown) => this.options.logger.error('tick failed', { err }));
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
    return {
      seed: this.options.seed,
      tickMs: this.options.tickMs,
      ticks: this.ticks,
      now: toShanghaiIso(this.now()),
      assets: counts,
      readings: {
        oldestSeq: this.log.firstSeq,
        newestSeq: this.log.lastSeq,
        kept: this.log.size,
        capacity: this.log.capacity,
      },
      heating: this.heating.state(),
      waterlogging: this.waterlogging.state(),
      sanitation: { cases: this.sanitation.count },
      mqtt: Boolean(this.options.mqtt),
    };
  }
}
