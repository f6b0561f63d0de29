import { readingTopic } from '@cityops/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MqttSource } from '../../src/sources/mqtt/mqtt-source.js';
import type { SourceHooks } from '../../src/sources/start-sources.js';
import { tianjinIso } from './support/fake-scada.js';
import { CollectorHarness, waitFor } from './support/harness.js';
import { MqttTestSpace } from './support/mqtt-test.js';
import { testSources } from './support/source-settings.js';

describe('MQTT source against real Mosquitto, Redis and InfluxDB', () => {
  let h: CollectorHarness;
  let mqtt: MqttTestSpace;
  let wl1: string;
  let wl2: string;
  let st1: string;

  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
    mqtt = new MqttTestSpace();
    [wl1, wl2, st1] = [mqtt.sensor('WL', 1), mqtt.sensor('WL', 2), mqtt.sensor('ST', 1)];
    await h.redis.registerAssets({
      [wl1]: { domain: 'waterlogging', kind: 'underpass', district: '120103' },
      [wl2]: { domain: 'waterlogging', kind: 'low_road', district: '120104' },
      [st1]: { domain: 'heating', kind: 'heat_station', district: '120101' },
    });
  });
  afterEach(async () => {
    await h.tearDown();
    await mqtt.cleanUp();
  });

  const start = (batchSize = 100, hooks?: SourceHooks) =>
    h.startCollector({
      sources: testSources(['mqtt'], { mqttClientId: mqtt.clientId, mqttBatchSize: batchSize }),
      ...(hooks ? { hooks } : {}),
    });
  const connected = async (collector: ReturnType<typeof start>) => {
    const source = collector.sources.find((s) => s.source.startsWith('mqtt:')) as MqttSource;
    // Subscribed: the broker now keeps messages for the session even while the collector is away.
    await waitFor(
      'the subscription',
      () => (source as unknown as { subscribed: boolean }).subscribed,
    );
    return source;
  };
  const reading = (ts: string, metrics: Record<string, unknown>) => JSON.stringify({ ts, metrics });
  const ours = (id: string | null) => id !== null && id.includes(mqtt.tag);

  it('writes waterlogging and heating readings to InfluxDB and hands them to the evaluate job', async () => {
    await connected(start());
    const ts = tianjinIso(30);
    await mqtt.publish(
      readingTopic('waterlogging', wl1),
      reading(ts, { depthCm: 12.5, rainfallMmH: 30.2, batteryPct: 87 }),
    );
    await mqtt.publish(readingTopic('waterlogging', wl2), reading(ts, { depthCm: 3 }));
    await mqtt.publish(readingTopic('heating', st1), reading(ts, { supplyTempC: 55.5 }));

    await waitFor('the points', async () => (await h.influx.points('waterlogging')).length === 2);
    const water = await h.influx.points('waterlogging');
    expect(water.find((p) => p.assetId === wl1)).toMatchObject({
      depthCm: 12.5,
      rainfallMmH: 30.2,
      batteryPct: 87,
      district: '120103',
      kind: 'underpass',
    });
    expect(new Date(water[0]!.time as string).getTime()).toBe(Date.parse(ts));
    await waitFor('the heating point', async () => (await h.influx.points('heating')).length === 1);

    await waitFor('every reading evaluated', async () => {
      const evaluated = (await h.redis.allEvaluatedReadings()).filter((r) => ours(r.sensorId));
      return evaluated.length === 3;
    });
    const jobs = await h.redis.evaluateJobs();
    expect(jobs.every((j) => j.data.source === 'mqtt:127.0.0.1:1883')).toBe(true);
    expect((await h.redis.allEvaluatedReadings()).find((r) => r.sensorId === wl1)).toEqual({
      sensorId: wl1,
      ts: Date.parse(ts),
      metrics: { depthCm: 12.5, rainfallMmH: 30.2, batteryPct: 87 },
    });
  });

  it('quarantines malformed JSON, an oversize payload, a bad topic and an unknown sensor, and keeps the good reading', async () => {
    await connected(start());
    const ts = tianjinIso(20);
    await mqtt.publish(readingTopic('waterlogging', wl1), '{"ts": "oops", ');
    await mqtt.publish(
      readingTopic('waterlogging', wl2),
      reading(ts, { depthCm: 1, note: 'x'.repeat(2000) }),
    );
    await mqtt.publish(`cityops/parking/${mqtt.sensor('P', 1)}/reading`, reading(ts, { x: 1 }));
    await mqtt.publish(
      readingTopic('waterlogging', mqtt.sensor('WL', 99)),
      reading(ts, { depthCm: 5 }),
    );
    await mqtt.publish(readingTopic('waterlogging', wl1), reading(ts, { depthCm: 7 }));

    await waitFor('four rejections', async () => {
      const mine = (await h.redis.allRejections()).filter((r) => ours(r.sensorId));
      return mine.length === 4;
    });
    const rejections = (await h.redis.allRejections()).filter((r) => ours(r.sensorId));
    expect(rejections.map((r) => [r.sensorId, r.reason]).sort()).toEqual(
      [
        [wl1, 'malformed_json'],
        [wl2, 'oversize_payload'],
        [mqtt.sensor('P', 1), 'schema_invalid'],
        [mqtt.sensor('WL', 99), 'unknown_sensor'],
      ].sort(),
    );
    expect(rejections.every((r) => r.source === 'mqtt:127.0.0.1:1883')).toBe(true);
    expect(
      JSON.parse(rejections.find((r) => r.reason === 'malformed_json')!.payload),
    ).toMatchObject({ payload: '{"ts": "oops", ' });
    await waitFor(
      'the good reading',
      async () => (await h.influx.points('waterlogging')).length === 1,
    );
    expect((await h.influx.points('waterlogging'))[0]).toMatchObject({ assetId: wl1, depthCm: 7 });
  });

  it('ingests messages published while the collector was stopped once it is back (persistent session)', async () => {
    const first = await connected(start());
    await mqtt.publish(readingTopic('waterlogging', wl1), reading(tianjinIso(60), { depthCm: 1 }));
    await waitFor(
      'the first reading',
      async () => (await h.influx.points('waterlogging')).length === 1,
    );
    // The PUBACK follows the write and the enqueue.
    await waitFor('the acknowledgement', () => first.counts.acked === 1);
    await h.stopCollector();

    for (let i = 0; i < 5; i++)
      await mqtt.publish(
        readingTopic('waterlogging', wl1),
        reading(tianjinIso(50 - i), { depthCm: 10 + i }),
      );
    start();
    await waitFor('the readings sent while it was away', async () => {
      return (await h.influx.points('waterlogging')).length === 6;
    });
    expect((await h.influx.points('waterlogging')).map((p) => p.depthCm)).toEqual([
      1, 10, 11, 12, 13, 14,
    ]);
    await waitFor('all evaluated', async () => {
      const evaluated = (await h.redis.allEvaluatedReadings()).filter((r) => r.sensorId === wl1);
      return evaluated.length === 6;
    });
  });

  it('acknowledges only after the batch is stored: a batch redelivered after a crash adds no job', async () => {
    let crashed = false;
    let source: MqttSource | null = null;
    const collector = start(3, {
      mqttBeforeAck: async (summary) => {
        if (crashed || summary.accepted < 3) return;
        // Stored in InfluxDB and on the queue, but the process dies before its PUBACKs.
        crashed = true;
        await source!.abort();
        throw new Error('simulated crash before the acknowledgement');
      },
    });
    source = await connected(collector);
    const ts = [tianjinIso(40), tianjinIso(39), tianjinIso(38)];
    for (const [i, t] of ts.entries())
      await mqtt.publish(readingTopic('waterlogging', wl1), reading(t, { depthCm: 20 + i }));
    await waitFor('the crash', () => crashed);
    const jobIds = (await h.redis.evaluateJobs()).map((j) => j.id);
    expect(jobIds).toHaveLength(1);
    expect(source.counts.acked).toBe(0);
    await h.stopCollector();

    // The broker still holds the three unacknowledged messages and delivers them again.
    const restarted = await connected(start(3));
    await waitFor(
      'the redelivered batch stored and acknowledged',
      () => restarted.counts.acked === 3,
    );
    expect((await h.redis.evaluateJobs()).map((j) => j.id)).toEqual(jobIds);
    expect((await h.influx.points('waterlogging')).map((p) => p.depthCm)).toEqual([20, 21, 22]);

    // Acknowledged now: a third start gets nothing again.
    await h.stopCollector();
    const third = await connected(start(3));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(third.counts.messages).toBe(0);
  });
});
