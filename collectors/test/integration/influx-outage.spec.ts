import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tianjinIso } from './support/fake-scada.js';
import { CollectorHarness, waitFor } from './support/harness.js';
import { INFLUX_HTTP } from './support/influx-test-db.js';
import { freePort, startTcpProxy } from './support/tcp-proxy.js';

describe('InfluxDB outage', () => {
  let h: CollectorHarness;
  let proxy: { close(): Promise<void> } | null = null;
  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
  });
  afterEach(async () => {
    await h.tearDown();
    await proxy?.close();
  });

  it('holds the cursor while InfluxDB is unreachable and loses nothing once it is back', async () => {
    h.scada.add(
      ...Array.from({ length: 7 }, (_, i) => ({
        sensorId: 'ST-0001',
        ts: tianjinIso(100 - i),
        metrics: { supplyTempC: 50 + i },
      })),
    );
    const port = await freePort();
    h.startCollector({ influxUrl: `http://127.0.0.1:${port}`, pageLimit: 5 });

    await waitFor('several attempts at the first page', () => h.scada.requests.length >= 4);
    expect(new Set(h.scada.requests)).toEqual(new Set([null]));
    expect(await h.checkpointCursor()).toBeNull();
    expect(await h.redis.evaluateJobs()).toEqual([]);
    expect(await h.influx.points('heating')).toEqual([]);

    // InfluxDB comes back on the address the collector was given.
    const target = new URL(INFLUX_HTTP);
    proxy = await startTcpProxy(port, target.hostname, Number(target.port || 8086));
    await waitFor('both pages after the outage', async () => (await h.checkpointCursor()) === '7');

    const points = await h.influx.points('heating');
    expect(points.map((p) => p.supplyTempC)).toEqual([50, 51, 52, 53, 54, 55, 56]);
    const evaluated = await h.redis.allEvaluatedReadings();
    expect(evaluated.map((r) => r.metrics.supplyTempC).sort()).toEqual([
      50, 51, 52, 53, 54, 55, 56,
    ]);
    expect(await h.redis.evaluateJobs()).toHaveLength(2);
  });
});
