import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SINK_SETTINGS } from '../../src/sink/sink-settings.js';
import { tianjinIso } from './support/fake-scada.js';
import { CollectorHarness, waitFor } from './support/harness.js';
import { INFLUX_HTTP } from './support/influx-test-db.js';
import { freePort, startTcpProxy } from './support/tcp-proxy.js';

const station = (i: number) => ({
  sensorId: 'ST-0001',
  ts: tianjinIso(100 - i),
  metrics: { supplyTempC: 50 + i },
});

describe('InfluxDB outage', () => {
  let h: CollectorHarness;
  let proxy: { close(): Promise<void> } | null = null;
  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
  });
  afterEach(async () => {
    await h.tearDown();
    await proxy?.close();
    proxy = null;
  });

  it('spools while InfluxDB is unreachable, moves on with jobs and checkpoints, and replays everything once it is back', async () => {
    h.scada.add(...Array.from({ length: 7 }, (_, i) => station(i)));
    const port = await freePort();
    const collector = h.startCollector({
      influxUrl: `http://127.0.0.1:${port}`,
      pageLimit: 5,
      sink: { ...DEFAULT_SINK_SETTINGS, writeTimeoutMs: 1000 },
    });

    // The points are durable in the spool, so the source keeps going.
    await waitFor('both pages, spooled', async () => (await h.checkpointCursor()) === '7');
    expect(await h.redis.evaluateJobs()).toHaveLength(2);
    expect(collector.writer.state().spool).toMatchObject({ records: 2, points: 7 });
    expect(collector.stats.pointsSpooled).toBe(7);
    expect(await h.influx.points('heating')).toEqual([]);

    // InfluxDB comes back on the address the collector was given.
    const target = new URL(INFLUX_HTTP);
    proxy = await startTcpProxy(port, target.hostname, Number(target.port || 8086));
    await waitFor('the replay', async () => (await h.influx.points('heating')).length === 7);
    await waitFor('an empty spool', () => collector.writer.state().spool?.records === 0);

    const points = await h.influx.points('heating');
    expect(points.map((p) => p.supplyTempC)).toEqual([50, 51, 52, 53, 54, 55, 56]);
    expect(await readdir(join(h.stateDir, 'spool'))).toEqual([]);
    const evaluated = await h.redis.allEvaluatedReadings();
    expect(evaluated.map((r) => r.metrics.supplyTempC).sort()).toEqual([
      50, 51, 52, 53, 54, 55, 56,
    ]);

    // After the replay, new readings are written directly again.
    h.scada.add(station(7));
    await waitFor('the next page', async () => (await h.checkpointCursor()) === '8');
    expect((await h.influx.points('heating')).length).toBe(8);
    expect(collector.stats.pointsSpooled).toBe(7);
  });

  it('without a spool (SPOOL_MAX_BYTES=0) holds the cursor while InfluxDB is unreachable and loses nothing once it is back', async () => {
    h.scada.add(...Array.from({ length: 7 }, (_, i) => station(i)));
    const port = await freePort();
    h.startCollector({
      influxUrl: `http://127.0.0.1:${port}`,
      pageLimit: 5,
      sink: { ...DEFAULT_SINK_SETTINGS, spoolMaxBytes: 0 },
    });

    await waitFor('several attempts at the first page', () => h.scada.requests.length >= 4);
    expect(new Set(h.scada.requests)).toEqual(new Set([null]));
    expect(await h.checkpointCursor()).toBeNull();
    expect(await h.redis.evaluateJobs()).toEqual([]);
    expect(await h.influx.points('heating')).toEqual([]);

    const target = new URL(INFLUX_HTTP);
    proxy = await startTcpProxy(port, target.hostname, Number(target.port || 8086));
    await waitFor('both pages after the outage', async () => (await h.checkpointCursor()) === '7');

    const points = await h.influx.points('heating');
    expect(points.map((p) => p.supplyTempC)).toEqual([50, 51, 52, 53, 54, 55, 56]);
    expect(await h.redis.evaluateJobs()).toHaveLength(2);
  });
});
