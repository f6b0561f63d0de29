import type { Episode, ServedReading } from './counting.js';
import { sleep } from './processes.js';
import type { Stack } from './stack.js';

export const INDOOR_RULE = 'indoor-temp-low';
/** Orange for indoor-temp-low (below 16 °C), and far from the spike detector's 10 °C jump. */
const COLD_C = 15;
/** Above the rule's clear value (18.5 °C). */
const WARM_C = 21;

export interface LoadOptions {
  tickMs: number;
  /** Incident traffic: every `everyMs`, `flats` new flats go cold for `coldMs`, then warm. */
  waves?: { flats: number; everyMs: number; coldMs: number };
}

interface LiveEpisode extends Episode {
  warmAt: number;
  warm: boolean;
}

/**
 * The load: the drill ticks the simulated city at a fixed pace (every tick one reading per heating
 * asset), and, for incident traffic, makes fresh flats cold and warm again, so that each such
 * episode must give exactly one incident that opens, pages once and resolves. Each flat is used
 * once: no flapping, no second incident of the same key to tell apart.
 */
export class CityLoad {
  readonly episodes: LiveEpisode[] = [];
  ticks = 0;
  readingsServed = 0;
  tickErrors = 0;
  private flats: string[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private nextWaveAt = 0;

  constructor(
    private readonly stack: Stack,
    readonly options: LoadOptions,
  ) {}

  private async sim(path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.stack.simUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok)
      throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
    return path.endsWith('.csv') ? response.text() : response.json();
  }

  async start(): Promise<void> {
    const csv = (await this.sim('/assets.csv')) as string;
    this.flats = csv
      .split('\n')
      .map((line) => line.split(','))
      .filter((cells) => cells[2] === 'indoor_sensor')
      .map((cells) => cells[0]!);
    this.running = true;
    this.nextWaveAt = Date.now();
    this.loop = this.run();
  }

  /** One flat cold now (outside the waves), e.g. to time how soon a fresh incident gets through. */
  async coldFlat(coldMs: number): Promise<string> {
    const assetId = this.takeFlat();
    await this.sim('/control/indoor-temp', { sensorId: assetId, tempC: COLD_C });
    this.episodes.push({ assetId, ruleId: INDOOR_RULE, warmAt: Date.now() + coldMs, warm: false });
    return assetId;
  }

  private takeFlat(): string {
    const flat = this.flats[this.episodes.length];
    if (!flat)
      throw new Error('the simulated city has run out of fresh flats for incident traffic');
    return flat;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      try {
        await this.step(started);
        const tick = (await this.sim('/control/tick', {})) as { readings: number };
        this.ticks++;
        this.readingsServed += tick.readings;
      } catch {
        this.tickErrors++;
      }
      await sleep(Math.max(0, this.options.tickMs - (Date.now() - started)));
    }
  }

  private async step(now: number): Promise<void> {
    for (const e of this.episodes)
      if (!e.warm && e.warmAt <= now) {
        await this.sim('/control/indoor-temp', { sensorId: e.assetId, tempC: WARM_C });
        e.warm = true;
      }
    const waves = this.options.waves;
    if (waves && now >= this.nextWaveAt) {
      this.nextWaveAt = now + waves.everyMs;
      for (let i = 0; i < waves.flats; i++) await this.coldFlat(waves.coldMs);
    }
  }

  /**
   * Ends the load: no new waves, every cold flat warm again, two more ticks so the warm readings
   * are served, then the ticking stops.
   */
  async stop(): Promise<void> {
    if (this.options.waves) this.options.waves = undefined;
    for (const e of this.episodes) e.warmAt = Math.min(e.warmAt, Date.now());
    await sleep(this.options.tickMs * 2.5);
    this.running = false;
    await this.loop;
  }

  /** Everything the simulator served since it started, paged from its reading log. */
  async served(): Promise<ServedReading[]> {
    const out: ServedReading[] = [];
    let after: string | null = null;
    for (;;) {
      const query: string = after ? `after=${encodeURIComponent(after)}&limit=5000` : 'limit=5000';
      const page = (await this.sim(`/heating/readings?${query}`)) as {
        readings: { sensorId: string; ts: string }[];
        next: string;
      };
      for (const r of page.readings) out.push({ sensorId: r.sensorId, ts: Date.parse(r.ts) });
      if (page.readings.length === 0 || page.next === after) return out;
      after = page.next;
    }
  }
}
