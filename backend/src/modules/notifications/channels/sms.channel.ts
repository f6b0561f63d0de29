import type { ChannelTargetOf } from '@cityops/contracts';
import { renderJsonTemplate } from '../../../config/notify-config.js';
import type { RenderedMessage } from '../message/render-message.js';
import { DeliveryError } from './delivery-error.js';
import { post } from './http.js';
import type { NotificationChannel, SendContext } from './notification-channel.js';

export interface SmsGatewayConfig {
  url: string | undefined;
  /** The Authorization header's value ("Bearer …", "Basic …"), when the gateway wants one. */
  auth: string | undefined;
  /** JSON with {phone} and {text} placeholders inside strings. */
  template: string;
}

/**
 * SMS through a generic HTTP gateway (SMS_GATEWAY_URL): POST the template with {phone} and {text}
 * filled in. 2xx is accepted; 4xx other than 408/429 is the request's fault; the rest is retried.
 */
export class SmsChannel implements NotificationChannel<'sms'> {
  readonly kind = 'sms';

  constructor(private readonly gateway: SmsGatewayConfig) {}

  async send(
    message: RenderedMessage,
    target: ChannelTargetOf<'sms'>,
    context: SendContext,
  ): Promise<void> {
    if (!this.gateway.url) throw DeliveryError.permanent('SMS is not configured (SMS_GATEWAY_URL)');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-cityops-delivery': encodeURIComponent(context.deliveryId),
    };
    if (this.gateway.auth) headers.authorization = this.gateway.auth;
    const body = renderJsonTemplate(this.gateway.template, {
      phone: target.phone,
      text: message.sms,
      deliveryId: context.deliveryId,
    });
    await post(this.gateway.url, body, headers, context.timeoutMs);
  }
}
