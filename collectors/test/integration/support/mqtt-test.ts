import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';

export const MQTT_TEST_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/**
 * The real broker is shared (the topic is fixed), so each test uses a client id and sensor ids of its
 * own, and removes its persistent session afterwards.
 */
export class MqttTestSpace {
  readonly tag = randomBytes(4).toString('hex').toUpperCase();
  readonly clientId = `cityops-collectors-test-${this.tag.toLowerCase()}`;
  private publisher: MqttClient | null = null;

  /** A sensor id unique to this test, e.g. WL-T1A2B3C4D-1. */
  sensor(prefix: string, n: number): string {
    return `${prefix}-T${this.tag}-${n}`;
  }

  async publish(topic: string, payload: string | Buffer): Promise<void> {
    this.publisher ??= await connectAsync(MQTT_TEST_URL, {
      clientId: `${this.clientId}-pub`,
      protocolVersion: 5,
    });
    await this.publisher.publishAsync(topic, payload, { qos: 1 });
  }

  /** Ends the publisher and deletes the collector's session on the broker. */
  async cleanUp(): Promise<void> {
    await this.publisher?.endAsync().catch(() => undefined);
    const cleaner = await connectAsync(MQTT_TEST_URL, {
      clientId: this.clientId,
      clean: true,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 0 },
    });
    await cleaner.endAsync();
  }
}
