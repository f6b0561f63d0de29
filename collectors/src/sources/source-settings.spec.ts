import { describe, expect, it } from 'vitest';
import { loadConfig, type ConfigError } from '../config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    return (err as ConfigError).problems;
  }
  return [];
};

describe('source settings', () => {
  it('runs every source by default, MQTT only once MQTT_URL is set', () => {
    expect(loadConfig({}).sources).toEqual({
      enabled: ['heating-http', 'sanitation-http', 'sanitation-drop'],
      mqtt: {
        url: 'mqtt://127.0.0.1:1883',
        clientId: 'cityops-collectors',
        batchSize: 1000,
        flushMs: 50,
        maxPayloadBytes: 65_536,
        sessionExpirySec: 604_800,
      },
      sanitationHttp: {
        sourceUrl: 'http://127.0.0.1:8090/sanitation',
        pollIntervalMs: 5000,
        pageLimit: 500,
        fetchTimeoutMs: 10_000,
      },
      sanitationDrop: {
        dir: '.data/drop/sanitation',
        scanIntervalMs: 2000,
        stableMs: 2000,
        maxFileBytes: 100 * 1024 * 1024,
        chunkRows: 500,
      },
    });
    const withBroker = loadConfig({ MQTT_URL: 'mqtt://broker.example:1883' }).sources!;
    expect(withBroker.enabled).toEqual([
      'heating-http',
      'sanitation-http',
      'sanitation-drop',
      'mqtt',
    ]);
    expect(withBroker.mqtt.url).toBe('mqtt://broker.example:1883');
  });

  it('runs exactly the sources SOURCES names, MQTT on the default broker when MQTT_URL is unset', () => {
    const sources = loadConfig({ SOURCES: ' mqtt , sanitation-drop,mqtt' }).sources!;
    expect(sources.enabled).toEqual(['mqtt', 'sanitation-drop']);
    expect(sources.mqtt.url).toBe('mqtt://127.0.0.1:1883');
    expect(
      loadConfig({ SOURCES: 'heating-http', MQTT_URL: 'mqtt://b:1883' }).sources!.enabled,
    ).toEqual(['heating-http']);
  });

  it('lists every bad source variable, without echoing the MQTT URL (it may hold a password)', () => {
    const problems = problemsOf({
      SOURCES: 'heating-http,ftp',
      MQTT_URL: 'http://user:secret@broker',
      MQTT_BATCH_SIZE: '0',
      MQTT_CLIENT_ID: 'two words',
      SANITATION_SOURCE_URL: 'cases',
      SANITATION_DROP_MAX_BYTES: '10MB',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'MQTT_BATCH_SIZE',
      'MQTT_CLIENT_ID',
      'MQTT_URL',
      'SANITATION_DROP_MAX_BYTES',
      'SANITATION_SOURCE_URL',
      'SOURCES',
    ]);
    expect(problems.find((p) => p.startsWith('SOURCES'))).toContain('unknown source ftp');
    expect(problems.join('\n')).not.toContain('secret');
  });
});
