import type { ChannelKind, ChannelTargetOf } from '@cityops/contracts';
import type { RenderedMessage } from '../message/render-message.js';

export interface SendContext {
  /** Also sent to the receiver (header X-CityOps-Delivery, or the email's Message-ID) for its own dedup. */
  deliveryId: string;
  /** Bound on the whole call (AbortSignal.timeout for HTTP; the SMTP connection, greeting and socket). */
  timeoutMs: number;
}

/**
 * One kind of channel. send() resolves once the receiver accepted the message and throws a
 * DeliveryError otherwise. It never retries by itself: the queue does (docs/notifications.md).
 */
export interface NotificationChannel<K extends ChannelKind = ChannelKind> {
  readonly kind: K;
  send(message: RenderedMessage, target: ChannelTargetOf<K>, context: SendContext): Promise<void>;
}
