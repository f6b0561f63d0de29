import type { SourceKind, SourcesSettings } from '../../../src/sources/source-settings.js';
import { MQTT_TEST_URL } from './mqtt-test.js';

/** Source settings for a test: short intervals, everything under the test's own directories. */
export function testSources(
  enabled: SourceKind[],
  over: {
    mqttClientId?: string;
    mqttBatchSize?: number;
    sanitationUrl?: string;
    dropDir?: string;
    chunkRows?: number;
  } = {},
): SourcesSettings {
  return {
    enabled,
    mqtt: {
      url: MQTT_TEST_URL,
      clientId: over.mqttClientId ?? 'cityops-collectors-test-unused',
      batchSize: over.mqttBatchSize ?? 100,
      flushMs: 100,
      maxPayloadBytes: 1024,
      sessionExpirySec: 600,
    },
    sanitationHttp: {
      sourceUrl: over.sanitationUrl ?? 'http://127.0.0.1:9/sanitation',
      pollIntervalMs: 100,
      pageLimit: 3,
      fetchTimeoutMs: 2000,
    },
    sanitationDrop: {
      dir: over.dropDir ?? '/nonexistent',
      scanIntervalMs: 100,
      stableMs: 300,
      maxFileBytes: 64 * 1024,
      chunkRows: over.chunkRows ?? 500,
    },
  };
}
