import { readingTopic, type Rejection } from '@cityops/contracts';
import {
  deepJsonText,
  hostileDates,
  hostileJsonValues,
  hostileMqttTopics,
  HostileTally,
  mqttTopicMatches,
  mutateRecord,
  refusedMqttTopics,
} from '@cityops/hostile';
import { connectAsync } from 'mqtt';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningCollectors } from '../../src/app.js';
import type { MqttSource } from '../../src/sources/mqtt/mqtt-source.js';
import { tianjinIso } from '../integration/support/fake-scada.js';
import { CollectorHarness, waitFor } from '../integration/support/harness.js';
import { MQTT_TEST_URL, MqttTestSpace } from '../integration/support/mqtt-test.js';
import { testSources } from '../integration/support/source-settings.js';
import { freePort } from '../integration/support/tcp-proxy.js';
import {
  expectHealthy,
  expectReasoned,
  observabilityOn,
  startLogged,
  watchProcessErrors,
} from './support.js';

const SUBSCRIPTION = 'cityops/+/+/reading';
const MAX_PAYLOAD = 65_536;
const tally = new HostileTally();

interface Probe {
  label: string;
  payload: string | Buffer;
  /** Known bad: must be quarantined and never written. Otherwise (a random variant) either is fine, but not neither. */
  mustReject: boolean;
}

describe('MQTT source against hostile payloads and topics (real Mosquitto, Redis, InfluxDB)', () => {
  let h: CollectorHarness;
  let mqtt: MqttTestSpace;
  let collector: RunningCollectors;
  let log: string[] = [];
  const watch = watchProcessErrors();

  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
    mqtt = new MqttTestSpace();
  });
  afterEach(async () => {
    await h.tearDown();
    await mqtt.cleanUp();
  });
  afterAll(() => {
    watch.stop();
    console.log(`\nMQTT hostile inputs\n${tally.report()}\n`);
  });

  const start = async () => {
    const base = testSources(['mqtt'], { mqttClientId: mqtt.clientId, mqttBatchSize: 200 });
    ({ collector, log } = startLogged(h, {
      sources: { ...base, mqtt: { ...base.mqtt, maxPayloadBytes: MAX_PAYLOAD } },
      observability: observabilityOn(await freePort(), mqtt.tag),
    }));
    const source = collector.sources.find((s) => s.source.startsWith('mqtt:')) as MqttSource;
    await waitFor(
      'the subscription',
      () => (source as unknown as { subscribed: boolean }).subscribed,
    );
    return source;
  };
  const mine = async (match: (r: Rejection) => boolean) =>
    (await h.redis.allRejections()).filter(match);
  /** A good reading published now proves the source still takes input. */
  const stillIngests = async (sensor: string) => {
    await mqtt.publish(
      readingTopic('waterlogging', sensor),
      JSON.stringify({ ts: tianjinIso(1), metrics: { depthCm: 42 } }),
    );
    await waitFor('the reading after the hostile input', async () =>
      (await h.influx.points('waterlogging')).some((p) => p.assetId === sensor && p.depthCm === 42),
    );
    await expectHealthy(collector);
    expect(watch.errors).toEqual([]);
  };

  it('quarantines every hostile payload with a reason and keeps the good readings of the mixed batch', async () => {
    const valid = { ts: tianjinIso(30), metrics: { depthCm: 12.5 } };
    const probes: Probe[] = [];
    const raw = (label: string, payload: string | Buffer) =>
      probes.push({ label, payload, mustReject: true });
    const json = (label: string, body: unknown) => raw(label, JSON.stringify(body));
    raw('not JSON', 'hello, sensor');
    raw('empty payload', '');
    raw('truncated JSON', JSON.stringify(valid).slice(0, 20));
    raw('NaN literal', `{"ts":"${valid.ts}","metrics":{"depthCm":NaN}}`);
    raw('Infinity literal', `{"ts":"${valid.ts}","metrics":{"depthCm":Infinity}}`);
    raw('trailing comma', `{"ts":"${valid.ts}","metrics":{"depthCm":1,}}`);
    raw('single quotes', `{'ts':'${valid.ts}','metrics':{'depthCm':1}}`);
    raw('binary garbage', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) % 256)));
    raw(
      'invalid UTF-8 inside JSON',
      Buffer.concat([Buffer.from('{"ts":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
    );
    raw('UTF-16 JSON', Buffer.from(JSON.stringify(valid), 'utf16le'));
    raw('deep JSON arrays (depth 5 000)', deepJsonText(5000));
    raw('deep JSON arrays (depth 30 000, just under the size limit)', deepJsonText(30_000));
    raw('deep JSON objects (depth 5 000)', `${'{"a":'.repeat(5000)}0${'}'.repeat(5000)}`);
    raw(
      'deep JSON inside metrics',
      `{"ts":"${valid.ts}","metrics":{"depthCm":${deepJsonText(10_000)}}}`,
    );
    raw('huge payload (100 kB)', JSON.stringify({ ...valid, note: 'x'.repeat(100 * 1024) }));
    raw('huge payload (1 MB)', Buffer.alloc(1024 * 1024, 0x41));
    // (The deep and wide values are sent as raw text above; JSON.stringify cannot take them.)
    for (const v of hostileJsonValues().filter((x) => !/^(deep|wide|long)/.test(x.label)))
      if (
        typeof v.value !== 'object' ||
        v.value === null ||
        Array.isArray(v.value) ||
        !('ts' in v.value)
      )
        json(`body = ${v.label}`, v.value);
    for (const d of hostileDates())
      json(`ts = ${d.label}`, { ts: d.value, metrics: { depthCm: 1 } });
    json('far future', { ts: '2999-01-01T00:00:00+08:00', metrics: { depthCm: 1 } });
    json('far past', { ts: '1970-01-02T00:00:00+08:00', metrics: { depthCm: 1 } });
    json('a year ago', { ts: tianjinIso(365 * 86_400), metrics: { depthCm: 1 } });
    json('ten minutes ahead', { ts: tianjinIso(-600), metrics: { depthCm: 1 } });
    json('depth out of range', { ts: valid.ts, metrics: { depthCm: 1e6 } });
    json('negative depth', { ts: valid.ts, metrics: { depthCm: -5 } });
    json('battery over 100 %', { ts: valid.ts, metrics: { batteryPct: 150 } });
    json('sentinel value', { ts: valid.ts, metrics: { depthCm: -39.9 } });
    json('unknown metric only', { ts: valid.ts, metrics: { temperatureK: 300 } });
    json('heating metric on a waterlogging sensor', { ts: valid.ts, metrics: { supplyTempC: 60 } });
    json('metrics empty', { ts: valid.ts, metrics: {} });
    json('metrics as an array', { ts: valid.ts, metrics: [12.5] });
    json('metric name 100 chars', { ts: valid.ts, metrics: { ['m'.repeat(100)]: 1 } });
    json('10 000 unknown metrics', {
      ts: valid.ts,
      metrics: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`m${i}`, i])),
    });
    for (const m of mutateRecord(valid, { seed: 7, count: 120 })) {
      // An unknown top-level field is ignored (only ts and metrics are read): a good reading.
      if (m.mutation === 'add') continue;
      const mustReject = m.mutation === 'remove' || m.mutation === 'wrong-type';
      probes.push({
        label: `variant: ${m.label}`,
        payload: JSON.stringify(m.value) ?? 'undefined',
        mustReject,
      });
    }

    // Each probe on a registered sensor of its own; good readings and unknown sensors in between.
    const hostileSensor = (i: number) => mqtt.sensor('WL', 1000 + i);
    const goodSensor = (i: number) => mqtt.sensor('WL', i);
    const unknownSensor = (i: number) => mqtt.sensor('WL', 9000 + i);
    const goods = 40;
    const unknowns = 20;
    const assets: Record<string, { domain: string; kind: string; district: string }> = {};
    for (let i = 0; i < probes.length; i++)
      assets[hostileSensor(i)] = { domain: 'waterlogging', kind: 'underpass', district: '120103' };
    for (let i = 0; i < goods; i++)
      assets[goodSensor(i)] = { domain: 'waterlogging', kind: 'underpass', district: '120103' };
    await h.redis.registerAssets(assets);
    await start();

    // Built once: a duplicate is the very same message.
    const goodPayloads = Array.from({ length: goods }, (_, i) =>
      JSON.stringify({ ts: tianjinIso(60 + i), metrics: { depthCm: i + 0.5 } }),
    );
    const good = (i: number) => goodPayloads[i]!;
    // One at a time, each bounded: a publish that hangs names its probe.
    const send = async (topic: string, payload: string | Buffer, label: string) => {
      const outcome = await Promise.race([
        mqtt.publish(topic, payload).then(() => 'ok'),
        new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 5000)),
      ]);
      expect(outcome, `publishing ${label}`).toBe('ok');
    };
    for (const [i, p] of probes.entries()) {
      await send(readingTopic('waterlogging', hostileSensor(i)), p.payload, p.label);
      if (i % 10 === 0 && i / 10 < goods)
        await send(readingTopic('waterlogging', goodSensor(i / 10)), good(i / 10), 'good');
      if (i % 20 === 0 && i / 20 < unknowns)
        await send(readingTopic('waterlogging', unknownSensor(i / 20)), good(0), 'unknown sensor');
    }
    // Duplicates: the first good readings three more times (one point each in InfluxDB).
    for (let k = 0; k < 3; k++)
      for (let i = 0; i < 5; i++)
        await send(readingTopic('waterlogging', goodSensor(i)), good(i), 'duplicate');
    tally.add('mqtt payloads', probes.length + goods + unknowns + 15);

    const goodIds = new Set(Array.from({ length: goods }, (_, i) => goodSensor(i)));
    const hostileIds = new Map(probes.map((p, i) => [hostileSensor(i), p]));
    await waitFor(
      'every good reading in InfluxDB',
      async () => {
        const points = await h.influx.points('waterlogging');
        return points.filter((p) => goodIds.has(p.assetId as string)).length === goods;
      },
      30_000,
    ).catch((err: unknown) => {
      // Why the source stalled, if it did.
      console.log(log.slice(0, 20).join('\n'));
      throw err;
    });
    // Every hostile probe is accounted for: quarantined with a reason, or (a harmless variant) written.
    let rejections: Rejection[] = [];
    let points: Record<string, unknown>[] = [];
    const unaccounted = () => {
      const rejected = new Set(rejections.map((r) => r.sensorId));
      const written = new Set(points.map((p) => p.assetId));
      return [...hostileIds.keys()].filter((id) => !rejected.has(id) && !written.has(id));
    };
    await waitFor(
      'every hostile probe accounted for',
      async () => {
        rejections = await mine((r) => r.sensorId?.includes(mqtt.tag) ?? false);
        points = await h.influx.points('waterlogging');
        return unaccounted().length === 0;
      },
      30_000,
    ).catch(() => undefined);
    expect(unaccounted().map((id) => hostileIds.get(id)!.label)).toEqual([]);
    expectReasoned(rejections);

    const writtenIds = new Set(points.map((p) => p.assetId as string));
    const wronglyWritten = probes.filter(
      (p, i) => p.mustReject && writtenIds.has(hostileSensor(i)),
    );
    expect(wronglyWritten.map((p) => p.label)).toEqual([]);
    // Good readings: one point each (duplicates collapse), with their value.
    const goodPoints = points.filter((p) => goodIds.has(p.assetId as string));
    expect(goodPoints).toHaveLength(goods);
    for (const p of goodPoints)
      expect(p.depthCm).toBe(Number((p.assetId as string).split('-').at(-1)) + 0.5);
    // Unknown sensors: quarantined, never written.
    const unknownRejected = new Set(
      rejections.filter((r) => r.reason === 'unknown_sensor').map((r) => r.sensorId),
    );
    for (let i = 0; i < unknowns; i++) expect(unknownRejected.has(unknownSensor(i))).toBe(true);
    expect(
      points.some(
        (p) =>
          (p.assetId as string).startsWith(unknownSensor(0).slice(0, -1)) &&
          Number((p.assetId as string).split('-').at(-1)) >= 9000,
      ),
    ).toBe(false);

    const reasons = new Set(rejections.map((r) => r.reason));
    expect([...reasons]).toEqual(
      expect.arrayContaining([
        'malformed_json',
        'schema_invalid',
        'oversize_payload',
        'not_a_number',
        'out_of_range',
        'future_timestamp',
        'too_old',
        'unknown_sensor',
        'unknown_metric',
        'wrong_domain',
        'sentinel_value',
      ]),
    );
    expect(tally.count('mqtt payloads')).toBeGreaterThanOrEqual(200);
    await stillIngests(goodSensor(0));
  });

  it('quarantines readings on hostile topics inside the subscription, and is not disturbed by the ones outside it or refused', async () => {
    const sensor = mqtt.sensor('WL', 1);
    await h.redis.registerAssets({
      [sensor]: { domain: 'waterlogging', kind: 'underpass', district: '120103' },
    });
    await start();
    const topics = hostileMqttTopics('cityops/waterlogging');
    const delivered = topics.filter((t) => mqttTopicMatches(SUBSCRIPTION, t));
    const outside = topics.filter((t) => !mqttTopicMatches(SUBSCRIPTION, t));
    const payload = JSON.stringify({
      ts: tianjinIso(20),
      metrics: { depthCm: 3 },
      probe: mqtt.tag,
    });
    for (const t of topics) await mqtt.publish(t, payload);

    // Refused ones: mqtt.js fails locally or Mosquitto refuses / drops the connection. Each on a
    // throwaway connection, bounded to a second; the collector never sees them.
    const refused = refusedMqttTopics('cityops/waterlogging');
    const outcomes: string[] = [];
    for (const t of refused) {
      const client = await connectAsync(MQTT_TEST_URL, {
        protocolVersion: 5,
        reconnectPeriod: 0,
        clientId: `${mqtt.clientId}-bad`,
      });
      let closed = false;
      client.on('close', () => (closed = true));
      client.on('error', () => undefined);
      const outcome = await Promise.race([
        client.publishAsync(t, payload, { qos: 1 }).then(
          () => 'accepted',
          (e: Error) => `error: ${e.message.slice(0, 60)}`,
        ),
        new Promise<string>((resolve) => setTimeout(() => resolve('no answer'), 500)),
      ]);
      outcomes.push(closed ? `${outcome} (connection closed)` : outcome);
      await client.endAsync(true).catch(() => undefined);
    }
    expect(outcomes.filter((o) => o === 'accepted')).toEqual([]);

    // Every delivered hostile topic is one schema_invalid rejection, keyed by its sensor level.
    const key = (t: string) => t.split('/')[2]?.slice(0, 200) || null;
    const expected = new Map<string | null, number>();
    for (const t of delivered) expected.set(key(t), (expected.get(key(t)) ?? 0) + 1);
    const ours = (r: Rejection) =>
      r.reason === 'schema_invalid' && expected.has(r.sensorId) && r.payload.includes('cityops/');
    await waitFor(
      'a rejection per delivered topic',
      async () => (await mine(ours)).length >= delivered.length,
      20_000,
    ).catch(() => undefined);
    const rejections = await mine(ours);
    const actual = new Map<string | null, number>();
    for (const r of rejections) actual.set(r.sensorId, (actual.get(r.sensorId) ?? 0) + 1);
    expect(actual).toEqual(expected);
    expectReasoned(rejections);
    expect(rejections.every((r) => r.detail.startsWith('topic "'))).toBe(true);
    expect((await h.influx.points('waterlogging')).length).toBe(0);

    tally.add('mqtt topics (delivered, quarantined)', delivered.length);
    tally.add('mqtt topics (outside the subscription, never delivered)', outside.length);
    tally.add('mqtt topics (refused by mqtt.js or Mosquitto)', refused.length);
    console.log(
      `MQTT refused topics: ${refused.map((t, i) => `${JSON.stringify(t.slice(0, 30))}${t.length > 30 ? '…' : ''} → ${outcomes[i]}`).join('; ')}`,
    );
    expect(delivered.length).toBeGreaterThanOrEqual(20);
    await stillIngests(sensor);
  });
});
