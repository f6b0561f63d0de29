import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollectors, type RunningCollectors } from '../../../src/app.js';
import { checkpointFileName } from '../../../src/checkpoints/file-checkpoint-store.js';
import type { CollectorConfig } from '../../../src/config.js';
import { heatingSourceName } from '../../../src/domains/heating/heating-http-source.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { SourceHooks } from '../../../src/sources/start-sources.js';
import { FakeScada } from './fake-scada.js';
import { INFLUX_HTTP, InfluxTestDb } from './influx-test-db.js';
import { REDIS_TEST_URL, RedisTestSpace } from './redis-test.js';

export interface HarnessOverrides {
  influxUrl?: string;
  pageLimit?: number;
  sink?: CollectorConfig['sink'];
  observability?: CollectorConfig['observability'];
  /** Sources to run (left out: the heating source alone). */
  sources?: CollectorConfig['sources'];
  /** Fault injection in the sources. */
  hooks?: SourceHooks;
  /** Another collector instance beside this one: its own state directory, Redis URL, lease, gateway base. */
  stateDir?: string;
  redisUrl?: string;
  lease?: CollectorConfig['lease'];
  heatingUrl?: string;
}

/** Short timings for tests (startCollector uses them; specs that run several instances too). */
export const TEST_TUNING = {
  pollBackoff: { initialMs: 50, maxMs: 300 },
  writerRetry: { initialMs: 20, maxMs: 100 },
  writerMaxAttempts: 2,
  registryRefresh: { maxAgeMs: 1000 },
  shutdownGraceMs: 10_000,
};

/** The real Redis, a database of its own on the real InfluxDB, a state directory and a fake gateway, for one test. */
export class CollectorHarness {
  readonly scada = new FakeScada();
  readonly influx = new InfluxTestDb();
  readonly redis = new RedisTestSpace();
  stateDir = '';
  private running: RunningCollectors | null = null;

  async setUp(): Promise<this> {
    await Promise.all([this.scada.start(), this.influx.create()]);
    this.stateDir = await mkdtemp(join(tmpdir(), 'collectors-it-'));
    await this.redis.registerAssets({
      'ST-0001': { domain: 'heating', kind: 'heat_station', district: '120101' },
      'ST-0002': { domain: 'heating', kind: 'heat_station', district: '120104' },
      'IS-0001': { domain: 'heating', kind: 'indoor_sensor', district: '120101' },
      'IS-0002': { domain: 'heating', kind: 'indoor_sensor', district: '120101' },
      'IS-0003': { domain: 'heating', kind: 'indoor_sensor', district: '120102' },
    });
    return this;
  }

  config(overrides: HarnessOverrides = {}): CollectorConfig {
    return {
      redisUrl: overrides.redisUrl ?? REDIS_TEST_URL,
      redisPrefix: this.redis.prefix,
      influx: { url: overrides.influxUrl ?? INFLUX_HTTP, database: this.influx.name },
      stateDir: overrides.stateDir ?? this.stateDir,
      logLevel: 'info',
      statsIntervalMs: 60_000,
      ...(overrides.sink ? { sink: overrides.sink } : {}),
      ...(overrides.observability ? { observability: overrides.observability } : {}),
      ...(overrides.sources ? { sources: overrides.sources } : {}),
      ...(overrides.lease ? { lease: overrides.lease } : {}),
      heating: {
        sourceUrl: overrides.heatingUrl ?? this.scada.url,
        pollIntervalMs: 100,
        pageLimit: overrides.pageLimit ?? 5,
        fetchTimeoutMs: 2000,
      },
    };
  }

  startCollector(overrides: HarnessOverrides = {}): RunningCollectors {
    this.running = startCollectors(this.config(overrides), silentLogger, {
      ...TEST_TUNING,
      ...(overrides.hooks ? { sourceHooks: overrides.hooks } : {}),
    });
    return this.running;
  }

  async stopCollector(): Promise<void> {
    await this.running?.stop();
    this.running = null;
  }

  get checkpointFile(): string {
    return join(this.stateDir, checkpointFileName(heatingSourceName(this.scada.url)));
  }

  async checkpointCursor(): Promise<string | null> {
    try {
      return (JSON.parse(await readFile(this.checkpointFile, 'utf8')) as { cursor: string }).cursor;
    } catch {
      return null;
    }
  }

  async tearDown(): Promise<void> {
    await this.stopCollector();
    await Promise.allSettled([
      this.scada.stop(),
      this.influx.drop(),
      this.redis.cleanUp(),
      rm(this.stateDir, { recursive: true, force: true }),
    ]);
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
