import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIN_SPOOL_BYTES, DEFAULT_SINK_SETTINGS } from '../../src/sink/sink-settings.js';
import { tianjinIso } from './support/fake-scada.js';
import { CollectorHarness, waitFor } from './support/harness.js';
import { INFLUX_HTTP, influxQuery } from './support/influx-test-db.js';
import { freePort, startTcpProxy } from './support/tcp-proxy.js';

const READINGS = 150_000;

describe('backpressure from a full spool', () => {
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

  it('stops fetching pages while the spool is full and InfluxDB is away, and takes everything in once it is back', async () => {
    // About 13 MB of line protocol: more than the smallest spool holds.
    const ts = tianjinIso(120);
    for (let i = 0; i < READINGS; i++)
      h.scada.readings.push({
        sensorId: ['ST-0001', 'ST-0002'][i % 2],
        ts: Date.parse(ts) - i,
        metrics: { supplyTempC: 40 + (i % 500) / 10 },
      });
    const port = await freePort();
    const collector = h.startCollector({
      influxUrl: `http://127.0.0.1:${port}`,
      pageLimit: 1000,
      sink: { ...DEFAULT_SINK_SETTINGS, spoolMaxBytes: MIN_SPOOL_BYTES, writeTimeoutMs: 1000 },
    });

    await waitFor('a full spool', () => collector.writer.state().spool?.full === true, 30_000);
    const state = collector.writer.state();
    expect(state.accepting).toBe(false);
    expect(state.spool!.bytes).toBeLessThanOrEqual(MIN_SPOOL_BYTES);
    // The poller waits in ready() instead of fetching (and holding) more pages.
    const requests = h.scada.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.scada.requests.length).toBeLessThanOrEqual(requests + 1);
    expect(collector.writer.state().inFlight).toBeLessThanOrEqual(1);
    const cursor = Number(await h.checkpointCursor());
    expect(cursor).toBeGreaterThan(0);
    expect(cursor).toBeLessThan(READINGS);

    const target = new URL(INFLUX_HTTP);
    proxy = await startTcpProxy(port, target.hostname, Number(target.port || 8086));
    await waitFor(
      'every page',
      async () => (await h.checkpointCursor()) === String(READINGS),
      60_000,
    );
    await waitFor('an empty spool', () => collector.writer.state().spool?.records === 0, 30_000);
    const count = await influxQuery(
      'SELECT count("supplyTempC") FROM "raw"."heating"',
      h.influx.name,
    );
    expect(count.series![0]!.values[0]![1]).toBe(READINGS);
    expect(collector.stats.pointsSpooled).toBeGreaterThan(50_000);
  });
});
