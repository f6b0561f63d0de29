import { describe, expect, it } from 'vitest';
import { hostileMqttTopics, mqttTopicMatches, refusedMqttTopics } from './mqtt.js';

describe('MQTT topics', () => {
  it('builds publishable hostile topics up to the 65 535-byte limit, and refused ones apart', () => {
    const topics = hostileMqttTopics('cityops/waterlogging');
    expect(topics.length).toBeGreaterThanOrEqual(30);
    expect(Math.max(...topics.map((t) => Buffer.byteLength(t)))).toBe(65_535);
    expect(topics.every((t) => !t.includes('+') && !t.includes('#') && !t.includes('\u0000'))).toBe(
      true,
    );
    expect(topics).toContain('cityops/waterlogging//reading');
    const refused = refusedMqttTopics('cityops/waterlogging');
    expect(refused.some((t) => t.includes('+'))).toBe(true);
    expect(refused.some((t) => t.startsWith('$SYS'))).toBe(true);
  });

  it('matches topic filters as a broker does', () => {
    expect(mqttTopicMatches('cityops/+/+/reading', 'cityops/heating/ST-1/reading')).toBe(true);
    expect(mqttTopicMatches('cityops/+/+/reading', 'cityops/heating//reading')).toBe(true);
    expect(mqttTopicMatches('cityops/+/+/reading', 'cityops/heating/x/reading/')).toBe(false);
    expect(mqttTopicMatches('cityops/#', 'cityops')).toBe(true);
    expect(mqttTopicMatches('#', '$SYS/x')).toBe(false);
  });
});
