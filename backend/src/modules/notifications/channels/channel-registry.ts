import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ChannelKind, ChannelTargetOf } from '@cityops/contracts';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import type { RenderedMessage } from '../message/render-message.js';
import { DingtalkChannel } from './dingtalk.channel.js';
import { EmailChannel } from './email.channel.js';
import type { NotificationChannel, SendContext } from './notification-channel.js';
import { SmsChannel } from './sms.channel.js';
import { WebhookChannel } from './webhook.channel.js';
import { WecomChannel } from './wecom.channel.js';

/** Every channel adapter, configured from the environment, by kind. */
@Injectable()
export class ChannelRegistry implements OnApplicationShutdown {
  private readonly email: EmailChannel;
  private readonly channels: { [K in ChannelKind]: NotificationChannel<K> };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.email = new EmailChannel({ url: config.SMTP_URL, from: config.SMTP_FROM });
    this.channels = {
      wecom: new WecomChannel(),
      dingtalk: new DingtalkChannel(),
      webhook: new WebhookChannel(),
      sms: new SmsChannel({
        url: config.SMS_GATEWAY_URL,
        auth: config.SMS_GATEWAY_AUTH,
        template: config.SMS_TEMPLATE,
      }),
      email: this.email,
    };
  }

  send<K extends ChannelKind>(
    message: RenderedMessage,
    target: ChannelTargetOf<K>,
    context: SendContext,
  ): Promise<void> {
    const channel = this.channels[target.kind as K] as NotificationChannel<K>;
    return channel.send(message, target, context);
  }

  onApplicationShutdown(): void {
    this.email.close();
  }
}
