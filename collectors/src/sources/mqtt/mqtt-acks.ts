import type { MqttClient } from 'mqtt';

/**
 * Deferred acknowledgements for mqtt.js 5.
 *
 * mqtt.js hands incoming PUBLISH packets to `handleMessage(packet, callback)` strictly one at a time:
 * the PUBACK is written, and the next packet is read, only when the callback runs. Holding the
 * callback until a batch is stored would therefore make every batch one message long. Instead the
 * source calls the callback with DEFERRED_ACK at once: mqtt.js then skips its PUBACK and reads on
 * (see handlers/publish.js: `if (err) return done(err)`), and the source sends the PUBACK itself once
 * the batch holding the message is in InfluxDB and on the queue.
 *
 * Sending it needs the client's packet writer, which mqtt.js does not expose publicly
 * (`_sendPacket`). It is used for PUBACK only, only on the connection that delivered the message, and
 * the integration tests (messages redelivered after a crash before the ack) pin the behaviour when
 * mqtt.js is upgraded.
 */
export const DEFERRED_ACK = Object.assign(new Error('acknowledged after the batch is stored'), {
  name: 'DeferredAck',
});

interface PacketWriter {
  _sendPacket(
    packet: { cmd: 'puback'; messageId: number; reasonCode: number },
    cb?: (err?: Error) => void,
  ): void;
}

/** Writes the PUBACK for one QoS 1 message on the client's current connection. */
export function sendPuback(client: MqttClient, messageId: number): void {
  const writer = client as unknown as PacketWriter;
  if (typeof writer._sendPacket !== 'function')
    throw new Error('this mqtt.js version has no _sendPacket; the deferred PUBACK needs porting');
  writer._sendPacket({ cmd: 'puback', messageId, reasonCode: 0 });
}
