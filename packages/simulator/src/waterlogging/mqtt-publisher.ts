import { readingTopic } from '@cityops/contracts';
import { connectAsync, type MqttClient } from 'mqtt';
import type { SimReading } from '../heating/reading-log.js';
import type { Logger } from '../lib/logger.js';

/** The payload a gateway publishes: one reading, the sensor named by the topic. */
export function toMqttMessage(
  domain: string,
  reading: SimReading,
): { topic: string; payload: string } {
  return {
    topic: readingTopic(domain, reading.sensorId),
    payload: JSON.stringify({ ts: reading.ts, metrics: reading.metrics }),
  };
}

/** Publishes readings as the sensor gateways do: cityops/{domain}/{sensorId}/reading, QoS 1. */
export class MqttReadingPublisher {
  private constructor(
    private readonly client: MqttClient,
    private readonly logger: Logger,
  ) {}

  static async connect(url: string, logger: Logger): Promise<MqttReadingPublisher> {
    const client = await connectAsync(url, {
      clientId: `cityops-simulator-${process.pid}`,
      reconnectPeriod: 2000,
    });
    client.on('error', (err) => logger.warn('mqtt error', { err }));
    logger.info('mqtt publisher connected', { url: url.replace(/\/\/[^@/]*@/, '//***@') });
    return new MqttReadingPublisher(client, logger);
  }

  async publish(domain: string, readings: readonly SimReading[]): Promise<void> {
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

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
