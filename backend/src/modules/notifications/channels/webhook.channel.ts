import type { ChannelTargetOf } from '@cityops/contracts';
import type { RenderedMessage } from '../message/render-message.js';
import { post } from './http.js';
import type { NotificationChannel, SendContext } from './notification-channel.js';
import { webhookSignature } from './signers.js';

/**
 * Generic JSON webhook: POST the message JSON with X-CityOps-Timestamp (unix seconds) and
 * X-CityOps-Signature (sha256=hex HMAC of `${timestamp}.${body}`). Any 2xx is delivered.
 */
export class WebhookChannel implements NotificationChannel<'webhook'> {
  readonly kind = 'webhook';

  constructor(private readonly now: () => number = Date.now) {}

  async send(
    message: RenderedMessage,
    target: ChannelTargetOf<'webhook'>,
    context: SendContext,
  ): Promise<void> {
    const body = JSON.stringify(message.payload);
    const timestamp = Math.floor(this.now() / 1000);
    await post(
      target.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'CityOps-Notifier/1',
        'x-cityops-timestamp': String(timestamp),
        'x-cityops-signature': webhookSignature(target.secret, timestamp, body),
        'x-cityops-delivery': encodeURIComponent(context.deliveryId),
      },
      context.timeoutMs,
    );
  }
}
