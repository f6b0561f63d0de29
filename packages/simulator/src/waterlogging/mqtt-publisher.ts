import { readingTopic } from '@cityops/contracts';
import { connectAsync, type MqttClient } from 'mqtt';
import type { WireReading } from '../heating/reading-log.js';
import type { Logger } from '../lib/logger.js';

/** The payload a gateway publishes: one reading, the sensor named by the topic. */
export function toMqttMessage(
  domain: string,
  reading: WireReading,
): { topic: string; payload: string } {
  return {
    topic: readingTopic(domain, reading.sensorId),
    payload: JSON.stringify({ ts: reading.ts, metrics: reading.metrics }),
  };
}

/** Where a tick's waterlogging readings go: the MQTT broker, or a recorder in tests. */
export interface ReadingPublisher {
  publish(domain: string, readings: readonly WireReading[]): Promise<void>;
  close(): Promise<void>;
}

/** Publishes readings as the sensor gateways do: cityops/{domain}/{sensorId}/reading, QoS 1. */
export class MqttReadingPublisher implements ReadingPublisher {
  private constructor(
    private readonly client: MqttClient,
    private readonly logger: Logger,
  ) {}

  static async connect(
    url: string,
    logger: Logger,
    role = 'simulator',
  ): Promise<MqttReadingPublisher> {
    const client = await connectAsync(url, {
      clientId: `cityops-${role}-${process.pid}`,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
    });
    client.on('error', (err) => logger.warn('mqtt error', { err }));
    logger.info('mqtt publisher connected', { url: url.replace(/\/\/[^@/]*@/, '//***@') });
    return new MqttReadingPublisher(client, logger);
  }

  async publish(domain: string, readings: readonly WireReading[]): Promise<void> {
    await Promise.all(
      readings.map(async (reading) => {
        const { topic, payload } = toMqttMessage(domain, reading);
        try {
          await this.client.publishAsync(topic, payload, { qos: 1 });
        } catch (err) {
          this.logger.warn('mqtt publish failed', { topic, err });
        }
      }),
    );
  }

  /** One message as it is (load generation); rejects when the broker refuses or the client is closed. */
  async publishMessage(topic: string, payload: string, qos: 0 | 1 = 1): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
