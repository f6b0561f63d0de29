import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectorHeartbeatSchema, redisKeys } from '@cityops/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCollectors, type RunningCollectors } from '../../src/app.js';
import { FileCheckpointStore } from '../../src/checkpoints/file-checkpoint-store.js';
import { heatingSourceName } from '../../src/domains/heating/heating-http-source.js';
import type { CollectorConfig } from '../../src/config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { DEFAULT_SINK_SETTINGS } from '../../src/sink/sink-settings.js';
import { FakeScada } from './support/fake-scada.js';
import { waitFor } from './support/harness.js';
import { PrivateInfluxd } from './support/private-influxd.js';
import { REDIS_TEST_URL, RedisTestSpace } from './support/redis-test.js';
import { freePort } from './support/tcp-proxy.js';

const SENSORS = 40;
const DATABASE = 'kill_test';
const sensorId = (k: number) => `ST-${String((k % SENSORS) + 1).padStart(4, '0')}`;

/**
 * A gateway that keeps producing: `perTick` readings every 50 ms (a few thousand a second), each
 * with its own (sensor, time) and a value derived from its sequence number, so a lost, doubled or
 * altered point shows.
 */
class Producer {
  private timer: NodeJS.Timeout | null = null;
  count = 0;
  private readonly t0 = Date.now() - 10 * 60_000;

  constructor(
    private readonly scada: FakeScada,
    private readonly perTick: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      for (let i = 0; i < this.perTick; i++) {
        const k = this.count++;
        this.scada.add({
          sensorId: sensorId(k),
          ts: this.t0 + k,
          metrics: { supplyTempC: Producer.value(k) },
        });
      }
    }, 50);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  expected(): Map<string, number> {
    const points = new Map<string, number>();
    for (let k = 0; k < this.count; k++)
      points.set(`${sensorId(k)}@${this.t0 + k}`, Producer.value(k));
    return points;
  }

  static value(k: number): number {
    return 40 + (k % 1000) / 100;
  }
}

describe('InfluxDB killed and restarted under load', () => {
  let influxd: PrivateInfluxd;
  let scada: FakeScada;
  let redis: RedisTestSpace;
  let stateDir: string;
  let collector: RunningCollectors | null = null;
  let metricsPort: number;

  beforeEach(async () => {
    [influxd, scada] = await Promise.all([PrivateInfluxd.create(), new FakeScada().start()]);
    await influxd.start();
    redis = new RedisTestSpace();
    stateDir = await mkdtemp(join(tmpdir(), 'collectors-kill-'));
    metricsPort = await freePort();
    await redis.registerAssets(
      Object.fromEntries(
        Array.from({ length: SENSORS }, (_, i) => [
          sensorId(i),
          { domain: 'heating', kind: 'heat_station', district: '120101' },
        ]),
      ),
    );
  });

  afterEach(async () => {
    await collector?.stop();
    collector = null;
    await Promise.allSettled([scada.stop(), influxd.destroy(), redis.cleanUp()]);
    await rm(stateDir, { recursive: true, force: true });
  });

  const config = (): CollectorConfig => ({
    redisUrl: REDIS_TEST_URL,
    redisPrefix: redis.prefix,
    influx: { url: influxd.url, database: DATABASE },
    stateDir,
    logLevel: 'info',
    statsIntervalMs: 60_000,
    sink: { ...DEFAULT_SINK_SETTINGS, writeTimeoutMs: 2000 },
    observability: { metricsPort, instanceId: 'kill-test' },
    heating: { sourceUrl: scada.url, pollIntervalMs: 50, pageLimit: 1000, fetchTimeoutMs: 2000 },
  });

  const start = () =>
    startCollectors(config(), silentLogger, {
      pollBackoff: { initialMs: 50, maxMs: 300 },
      writerRetry: { initialMs: 50, maxMs: 250 },
      registryRefresh: { maxAgeMs: 5000 },
      shutdownGraceMs: 10_000,
    });

  const health = async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/health`);
    return { status: res.status, body: (await res.json()) as { checks: Record<string, unknown> } };
  };
  const metric = async (name: string) => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? null : Number(line.split(' ')[1]);
  };

  /** Everything InfluxDB holds for the test, as "sensor@ms" → value. */
  const stored = async () => {
    const series = await influxd.query(
      'SELECT "supplyTempC", "assetId" FROM "raw"."heating"',
      DATABASE,
    );
    const rows = series[0]?.values ?? [];
    const points = new Map<string, number>();
    for (const [time, value, assetId] of rows)
      points.set(`${String(assetId)}@${Date.parse(String(time))}`, Number(value));
    return { rows: rows.length, points };
  };

  async function outage(
    signal: 'SIGTERM' | 'SIGKILL' | 'SIGSTOP',
    { restartCollector = false, outageMs = 10_000 } = {},
  ) {
    const producer = new Producer(scada, 150); // 3,000 readings a second
    collector = start();
    producer.start();
    await waitFor('a few seconds of direct writes', () => producer.count >= 6000, 20_000);
    await waitFor('points in InfluxDB', async () => (await stored()).rows > 0, 10_000);

    if (signal === 'SIGSTOP') influxd.freeze();
    else await influxd.stop(signal);
    const outageStarted = Date.now();
    await waitFor(
      'batches going to the spool',
      () => (collector!.writer.state().spool?.records ?? 0) >= 5,
      10_000,
    );
    // The source keeps going: checkpoints move, evaluate jobs are enqueued, the spool is reported.
    const jobsDuringOutage = collector.stats.evaluateJobs;
    await waitFor(
      'jobs while InfluxDB is down',
      () => collector!.stats.evaluateJobs > jobsDuringOutage + 3,
    );
    const during = await health();
    expect(during.status).toBe(503);
    expect(during.body.checks).toMatchObject({
      influxdb: { ok: false },
      redis: { ok: true },
      spool: { ok: true },
    });
    expect(await metric('cityops_collector_spool_bytes')).toBeGreaterThan(0);
    await collector.observability.heartbeat.beat();
    const heartbeat = CollectorHeartbeatSchema.parse(
      JSON.parse((await redis.redis.get(redisKeys(redis.prefix).collectorHeartbeat('kill-test')))!),
    );
    expect(heartbeat.spoolBytes).toBeGreaterThan(0);
    expect(heartbeat.sources).toHaveLength(1);

    if (restartCollector) {
      // A collector stopped while the spool holds batches replays them on its next start.
      await collector.stop();
      collector = null;
      expect((await readdir(join(stateDir, 'spool'))).length).toBeGreaterThan(0);
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, outageMs - (Date.now() - outageStarted))),
    );
    if (signal === 'SIGSTOP') influxd.thaw();
    else await influxd.start();
    collector ??= start();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    producer.stop();

    const total = producer.count;
    const checkpoints = new FileCheckpointStore(stateDir);
    const source = heatingSourceName(scada.url);
    await waitFor(
      'every reading checkpointed',
      async () => (await checkpoints.load(source))?.cursor === String(total),
      20_000,
    );
    await waitFor('an empty spool', () => collector!.writer.state().spool?.records === 0, 20_000);
    const { rows, points } = await stored();

    // Nothing lost, nothing doubled, nothing altered.
    expect(rows).toBe(total);
    expect(points.size).toBe(total);
    expect(points).toEqual(producer.expected());
    const evaluated = await redis.allEvaluatedReadings();
    expect(evaluated).toHaveLength(total);
    expect(new Set(evaluated.map((r) => `${r.sensorId}@${r.ts}`)).size).toBe(total);
    // The spool is empty on disk as well, and the endpoint is healthy again.
    expect((await readdir(join(stateDir, 'spool'))).filter((f) => f.endsWith('.spool'))).toEqual(
      [],
    );
    const after = await health();
    expect(after.status).toBe(200);
    return { total, spooled: collector.stats.pointsSpooled };
  }

  it('loses and doubles nothing when InfluxDB is stopped (SIGTERM) for ten seconds under load', async () => {
    const { total, spooled } = await outage('SIGTERM');
    expect(spooled).toBeGreaterThan(10_000);
    expect(total).toBeGreaterThan(30_000);
  });

  it('loses and doubles nothing when InfluxDB is killed (SIGKILL), and a collector restarted meanwhile replays the spool', async () => {
    const { total } = await outage('SIGKILL', { restartCollector: true });
    expect(total).toBeGreaterThan(30_000);
  });

  it('spools when InfluxDB stops answering (SIGSTOP) and writes timed-out batches again without doubling them', async () => {
    // Writes in flight time out after 2 s and go to the spool; InfluxDB may still apply them once
    // it runs again, and the replay then overwrites the same points.
    const { spooled } = await outage('SIGSTOP', { outageMs: 5000 });
    expect(spooled).toBeGreaterThan(5000);
  });
});
