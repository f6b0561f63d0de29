import { describe, expect, it } from 'vitest';
import { parseMqttMessage } from './mqtt-message.js';
import { receiveMaximumFor } from './mqtt-source.js';

const ctx = { source: 'mqtt:test', receivedAt: 1, maxPayloadBytes: 100 };
const parse = (topic: string, payload: string | Buffer) =>
  parseMqttMessage(topic, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), ctx);
const reason = (result: ReturnType<typeof parse>) => (result.ok ? 'ok' : result.rejection.reason);

describe('parseMqttMessage', () => {
  it('takes the domain and sensor from the topic and ts and metrics from the payload', () => {
    expect(
      parse(
        'cityops/waterlogging/WL-0042/reading',
        '{"ts":"2026-11-26T08:00:00+08:00","metrics":{"depthCm":12.5},"sensorId":"OTHER"}',
      ),
    ).toEqual({
      ok: true,
      domain: 'waterlogging',
      sensorId: 'WL-0042',
      raw: { sensorId: 'WL-0042', ts: '2026-11-26T08:00:00+08:00', metrics: { depthCm: 12.5 } },
    });
  });

  it('refuses malformed JSON, a payload that is not an object, and one over the size limit', () => {
    const topic = 'cityops/heating/ST-0001/reading';
    expect(reason(parse(topic, '{"ts": 1,'))).toBe('malformed_json');
    expect(reason(parse(topic, '[1,2]'))).toBe('schema_invalid');
    expect(reason(parse(topic, 'null'))).toBe('schema_invalid');
    const big = parse(topic, `{"x":"${'a'.repeat(200)}"}`);
    expect(reason(big)).toBe('oversize_payload');
    if (!big.ok) expect(big.rejection.payload.length).toBeLessThan(2000);
  });

  it('refuses a topic with an unknown domain or an invalid sensor id, keeping what it names', () => {
    const unknownDomain = parse('cityops/parking/P-1/reading', '{}');
    expect(reason(unknownDomain)).toBe('schema_invalid');
    if (!unknownDomain.ok)
      expect(unknownDomain.rejection).toMatchObject({ sensorId: 'P-1', source: 'mqtt:test' });
    expect(reason(parse('cityops/heating/bad id!/reading', '{}'))).toBe('schema_invalid');
  });

  it('keeps the raw text of a bad message in the quarantine payload', () => {
    const result = parse('cityops/heating/ST-0001/reading', 'not json');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(JSON.parse(result.rejection.payload)).toEqual({
        topic: 'cityops/heating/ST-0001/reading',
        payload: 'not json',
      });
  });
});

describe('receiveMaximumFor', () => {
  it('lets the broker send two batches unacknowledged, within MQTT limits', () => {
    expect(receiveMaximumFor(1000)).toBe(2000);
    expect(receiveMaximumFor(5)).toBe(100);
    expect(receiveMaximumFor(50_000)).toBe(65_535);
  });
});
