import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tianjinIso } from './support/fake-scada.js';
import { CollectorHarness, waitFor } from './support/harness.js';

describe('heating ingest against real Redis and InfluxDB', () => {
  let h: CollectorHarness;
  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
  });
  afterEach(async () => {
    await h.tearDown();
  });

  it('writes the good readings, quarantines a malformed one, an unknown sensor and a sentinel, and enqueues exactly the good ones', async () => {
    const ts = tianjinIso(30);
    h.scada.add(
      { sensorId: 'ST-0001', ts, metrics: { supplyTempC: 55.5, returnTempC: 45.2, pumpOn: 1 } },
      { sensorId: 'IS-0001', ts, metrics: { indoorTempC: 20.5 } },
      { sensorId: 'IS-0002', ts, metrics: { indoorTempC: 'abc' } },
      { sensorId: 'XX-9999', ts, metrics: { indoorTempC: 21 } },
      { sensorId: 'IS-0003', ts, metrics: { indoorTempC: -39.9 } },
      { sensorId: 'ST-0002', ts, metrics: { supplyTempC: -39.9, returnTempC: 44.1 } },
    );
    h.startCollector({ pageLimit: 10 });
    await waitFor(
      'the checkpoint after the page',
      async () => (await h.checkpointCursor()) === '6',
    );

    const points = await h.influx.points('heating');
    expect(points.map((p) => p.assetId).sort()).toEqual(['IS-0001', 'ST-0001', 'ST-0002']);
    const station = points.find((p) => p.assetId === 'ST-0001')!;
    expect(station).toMatchObject({
      district: '120101',
      kind: 'heat_station',
      supplyTempC: 55.5,
      returnTempC: 45.2,
      pumpOn: 1,
    });
    expect(new Date(station.time as string).getTime()).toBe(Date.parse(ts));
    expect(points.find((p) => p.assetId === 'ST-0002')).toMatchObject({
      returnTempC: 44.1,
      supplyTempC: null,
      district: '120104',
    });

    const evaluate = await h.redis.evaluateJobs();
    expect(evaluate).toHaveLength(1);
    expect(evaluate[0]!.data.source).toBe(`heating-http:${new URL(h.scada.url).host}`);
    const epoch = Date.parse(ts);
    expect(evaluate[0]!.data.readings.sort((a, b) => (a.sensorId < b.sensorId ? -1 : 1))).toEqual([
      { sensorId: 'IS-0001', ts: epoch, metrics: { indoorTempC: 20.5 } },
      {
        sensorId: 'ST-0001',
        ts: epoch,
        metrics: { supplyTempC: 55.5, returnTempC: 45.2, pumpOn: 1 },
      },
      { sensorId: 'ST-0002', ts: epoch, metrics: { returnTempC: 44.1 } },
    ]);

    const rejections = await h.redis.allRejections();
    expect(rejections.map((r) => [r.sensorId, r.reason, r.metric]).sort()).toEqual(
      [
        ['IS-0002', 'not_a_number', 'indoorTempC'],
        ['XX-9999', 'unknown_sensor', null],
        ['IS-0003', 'sentinel_value', 'indoorTempC'],
        ['ST-0002', 'sentinel_value', 'supplyTempC'],
      ].sort(),
    );
    expect(JSON.parse(rejections.find((r) => r.sensorId === 'IS-0002')!.payload)).toMatchObject({
      metrics: { indoorTempC: 'abc' },
    });
  });

  it('accepts a sensor the backend registers while the collector runs', async () => {
    h.scada.add({ sensorId: 'IS-0001', ts: tianjinIso(20), metrics: { indoorTempC: 20 } });
    h.startCollector();
    await waitFor('the first page', async () => (await h.checkpointCursor()) === '1');
    await h.redis.registerAssets({
      'IS-0100': { domain: 'heating', kind: 'indoor_sensor', district: '120105' },
    });
    h.scada.add({ sensorId: 'IS-0100', ts: tianjinIso(10), metrics: { indoorTempC: 19.5 } });
    await waitFor('the second page', async () => (await h.checkpointCursor()) === '2');
    expect((await h.influx.points('heating')).map((p) => p.assetId).sort()).toEqual([
      'IS-0001',
      'IS-0100',
    ]);
    expect(await h.redis.allRejections()).toEqual([]);
  });
});
